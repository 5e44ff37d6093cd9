import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class PlanProgressQueryDto {
  @ApiPropertyOptional({ example: 'jinhua', description: "The jurisdiction of a loaded targets file; the seed plan's city by default" })
  @IsOptional()
  @Matches(NAME, { message: 'jurisdiction must be lower-case letters, digits and dashes' })
  jurisdiction?: string;

  @ApiPropertyOptional({ example: '2025', description: 'The period of a loaded targets file; 2025 by default' })
  @IsOptional()
  @Matches(NAME, { message: 'period must be lower-case letters, digits and dashes' })
  period?: string;
}
