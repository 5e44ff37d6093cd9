import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../identity/registry/http/registry-validators.js';

/** Longest count the public endpoint computes: about fourteen years of working days. */
export const MAX_WORKING_DAYS = 3650;

export class WorkingDaysQueryDto {
  @ApiProperty({ example: '2026-02-13', description: 'The day counting starts after (YYYY-MM-DD, a real calendar day)' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: 2, minimum: 0, maximum: MAX_WORKING_DAYS, description: 'How many working days to add; 0 returns `from`' })
  // Only plain digits become a number: Number() would also take "", " 5", "0x10" and "1e3".
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(MAX_WORKING_DAYS)
  add!: number;
}
