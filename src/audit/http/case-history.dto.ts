import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';

/** An ISO 8601 instant with its offset (Z or ±hh:mm): a moment, not a local time. */
const WITH_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/;
const OFFSET_MESSAGE = 'must be an ISO 8601 instant with a time zone offset, e.g. 2026-03-02T10:00:00Z';

export class StateAtQueryDto {
  @ApiProperty({ example: '2026-03-02T10:00:00Z', description: 'Fold the events recorded at or before this instant' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: `at ${OFFSET_MESSAGE}` })
  @Matches(WITH_OFFSET, { message: `at ${OFFSET_MESSAGE}` })
  at!: string;
}

export class StateDiffQueryDto {
  @ApiProperty({ example: '2026-03-02T10:00:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: `from ${OFFSET_MESSAGE}` })
  @Matches(WITH_OFFSET, { message: `from ${OFFSET_MESSAGE}` })
  from!: string;

  @ApiProperty({ example: '2026-04-02T10:00:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: `to ${OFFSET_MESSAGE}` })
  @Matches(WITH_OFFSET, { message: `to ${OFFSET_MESSAGE}` })
  to!: string;
}
