import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CalendarController } from './calendar.controller.js';
import { WORKING_DAY_CALENDAR } from './calendar.tokens.js';
import { BUILTIN_CALENDAR_DIR, loadOfficialCalendar } from './official-calendar.js';

/**
 * The official working-day calendar, loaded once at start-up from the built-in years and
 * CALENDAR_DIR; a malformed file stops the start with a message naming it. Global, so that any
 * command handler can inject WORKING_DAY_CALENDAR.
 */
@Global()
@Module({
  controllers: [CalendarController],
  providers: [
    {
      provide: WORKING_DAY_CALENDAR,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const calendar = loadOfficialCalendar([BUILTIN_CALENDAR_DIR, ...(config.calendarDir ? [config.calendarDir] : [])]);
        new Logger('calendar').log(`official calendar ${calendar.id}${config.calendarDir ? ` (with CALENDAR_DIR ${config.calendarDir})` : ''}`);
        return calendar;
      },
    },
  ],
  exports: [WORKING_DAY_CALENDAR],
})
export class CalendarModule {}
