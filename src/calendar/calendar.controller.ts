import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../identity/auth.guard.js';
import { WORKING_DAY_CALENDAR } from './calendar.tokens.js';
import { addWorkingDays, type WorkingDayCalendar } from './working-days.js';
import { WorkingDaysQueryDto } from './working-days-query.dto.js';

/** The official working-day calendar (工作日), public: anyone may check a deadline's arithmetic. */
@ApiTags('calendar (工作日)')
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(@Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDayCalendar) {}

  @Get('working-days')
  @Public()
  @ApiOperation({
    summary: 'The add-th working day after from (counting starts the day after; add=0 returns from), and the calendar that computed it',
    description: '422 when a day to count falls in a year for which no official calendar is loaded.',
  })
  workingDays(@Query() query: WorkingDaysQueryDto): { date: string; calendar: string } {
    return { date: addWorkingDays(this.calendar, query.from, query.add), calendar: this.calendar.id };
  }
}
