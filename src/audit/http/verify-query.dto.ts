import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** What a stream id may be in the integrity API. */
export const STREAM_ID = /^[A-Za-z0-9._:@-]{1,200}$/;

export class VerifyQueryDto {
  @ApiPropertyOptional({ example: 'assessment-7d3c1a00-0000-4000-8000-000000000000', description: 'Only this stream (and the anchors\' heads for it)' })
  @IsOptional()
  @Matches(STREAM_ID, { message: 'streamId must be 1 to 200 characters of letters, digits, ".", "_", ":", "@" or "-"' })
  streamId?: string;
}
