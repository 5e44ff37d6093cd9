import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ASSESSMENT_KINDS, STANDARD_CATEGORIES, type AssessmentKind, type StandardCategory } from '../../../events/assessment.events.js';
import type { AssessmentCaseStatus } from '../domain/assessment-case.js';

export const CASE_STATUSES: readonly Exclude<AssessmentCaseStatus, 'NONE'>[] = [
  'SUBMITTED',
  'SUPPLEMENT_REQUESTED',
  'ACCEPTED',
  'ASSESSORS_ASSIGNED',
  'UNDER_EVALUATION',
  'RECTIFICATION',
  'FAILED',
  'EVALUATED_PASS',
  'EVALUATED_FAIL',
  'APPROVED',
  'REFUSED',
];

/** The case list's filters (query string); each one given narrows the list. */
export class ListCasesQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: Exclude<AssessmentCaseStatus, 'NONE'>;

  @ApiPropertyOptional({ enum: ASSESSMENT_KINDS })
  @IsOptional()
  @IsIn(ASSESSMENT_KINDS)
  kind?: AssessmentKind;

  @ApiPropertyOptional({ enum: STANDARD_CATEGORIES })
  @IsOptional()
  @IsIn(STANDARD_CATEGORIES)
  category?: StandardCategory;

  @ApiPropertyOptional({ example: '330106', description: "The applicant's administrative division (行政区划代码) or its prefix: 330106 a county or district, 3301 a whole city" })
  @IsOptional()
  @Matches(/^\d{2,6}$/, { message: 'division must be 2 to 6 digits of an administrative division code' })
  division?: string;

  @ApiPropertyOptional({ description: 'The applicant institution (unified social credit code)' })
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'institutionId must be an 18-character unified social credit code' })
  institutionId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only cases whose open time limit has (true) or has not (false) run out' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';
}
