import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate, REGISTRY_ID, REGISTRY_ID_MESSAGE } from './registry-validators.js';

export class ConflictCheckDto {
  @ApiProperty({ example: 'expert-zhang-wei' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  expertId!: string;

  @ApiProperty({ example: '91350100M000100Y43', description: "The case's institution" })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  institutionId!: string;

  @ApiProperty({ example: 'pressure', description: "The case's discipline" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  discipline!: string;

  @ApiPropertyOptional({ example: '7d3c1a00-0000-4000-8000-000000000000' })
  @IsOptional()
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  caseId?: string;

  @ApiPropertyOptional({ example: '2026-06-01', description: 'The day of the assignment; today in China when absent' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}
