import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { EVALUATION_MODES, type EvaluationMode } from '../../../events/assessment.events.js';
import { DocumentReferences, EXAMPLE_DOCUMENT_REFERENCE } from './document-references.js';


export class SupplementRequestDto {
  @ApiProperty({ type: [String], example: ['technical report (计量标准技术报告)', 'staff competence evidence'], description: 'Everything missing, in one notice' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  missing!: string[];
}

export class ProposedAssessorDto {
  @ApiProperty({ example: 'assessor-0001', description: "The expert's id in the registry" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  expertId!: string;

  @ApiProperty({ example: 'pressure', description: 'The discipline the assessor must be qualified in' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  discipline!: string;
}

export class AssignAssessorsDto {
  @ApiProperty({ type: [ProposedAssessorDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => ProposedAssessorDto)
  assessors!: ProposedAssessorDto[];
}

export class StartEvaluationDto {
  @ApiProperty({ enum: EVALUATION_MODES, description: 'ON_SITE for a new standard; DOCUMENT_REVIEW for a re-examination unless doubts arise' })
  @IsIn(EVALUATION_MODES as unknown as string[])
  mode!: EvaluationMode;
}

export class NonconformityDto {
  @ApiProperty({ example: 'JJF 1033-2023 4.2.3' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  clause!: string;

  @ApiProperty({ example: 'Stability records for 2025 are missing' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  finding!: string;
}

export class RectificationRequestDto {
  @ApiProperty({ type: [NonconformityDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => NonconformityDto)
  nonconformities!: NonconformityDto[];
}

export class RectificationDto {
  @ApiProperty({
    type: [String],
    example: [EXAMPLE_DOCUMENT_REFERENCE],
    description: 'The rectification evidence: SHA-256 of documents your institution uploaded (POST /api/v1/documents), 1 to 100',
  })
  @DocumentReferences(1)
  evidence!: string[];
}

export class ConclusionDto {
  @ApiProperty({ enum: ['PASS', 'FAIL'] })
  @IsIn(['PASS', 'FAIL'])
  outcome!: 'PASS' | 'FAIL';

  @ApiProperty({ example: 'Meets JJF 1033-2023; stability and repeatability within limits' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary!: string;
}

/** 延长审批期限: the one extension of the decision limit, with its reasons. */
export class DecisionExtensionDto {
  @ApiProperty({ type: [String], description: 'Why the authority needs more time (at least one reason)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(1000, { each: true })
  reasons!: string[];
}

export class DecisionDto {
  @ApiProperty({ enum: ['APPROVED', 'REFUSED'] })
  @IsIn(['APPROVED', 'REFUSED'])
  decision!: 'APPROVED' | 'REFUSED';

  @ApiProperty({ type: [String], description: 'The main reasons; required for a refusal' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(1000, { each: true })
  reasons!: string[];

  @ApiProperty({ required: false, example: '[2026]浙量标金证字第001号', description: 'Required for an approval: the number of the certificate issued' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  certificateNo?: string;
}
