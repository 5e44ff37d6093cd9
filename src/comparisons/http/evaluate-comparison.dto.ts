import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { MIN_PARTICIPANTS, OUTLIER_SCREENINGS, REFERENCE_METHODS, type OutlierScreening, type ReferenceMethod } from '../domain/evaluation.js';

/**
 * The body of POST /api/v1/comparisons/evaluate, mirroring EvaluationInput of
 * src/comparisons/domain/evaluation.ts. Every rule the issue answers with 400 is checked here, so
 * that the caller gets all its field errors at once: fewer than two labs, a non-positive
 * uncertainty or coverage factor, an unknown method, a pilot lab missing or not among the results
 * for method pilot, duplicate lab names, numbers that are not finite. The computation's own rules
 * (enough labs left in the reference, Grubbs' range) answer 422 with the rule.
 */

/** Most participants in one evaluation; a provincial comparison has a few dozen at most. */
export const MAX_PARTICIPANTS = 200;

const FINITE = { allowNaN: false, allowInfinity: false } as const;

/** The sample body of the API documentation; also the README's worked example. */
export const EXAMPLE_RESULTS = [
  { lab: 'Zhejiang Institute of Metrology', value: 10.1, expandedUncertainty: 0.2, coverageFactor: 2 },
  { lab: 'Hangzhou Institute of Metrology', value: 10.0, expandedUncertainty: 0.25, coverageFactor: 2 },
  { lab: 'Jinhua Institute of Metrology', value: 10.7, expandedUncertainty: 0.5, coverageFactor: 2 },
  { lab: 'Ningbo Institute of Metrology', value: 9.9, expandedUncertainty: 0.5, coverageFactor: 2 },
];

/** 参比实验室的测量结果: one lab's value, expanded uncertainty and coverage factor. */
export class ParticipantResultDto {
  @ApiProperty({ example: 'Jinhua Institute of Metrology', description: 'The lab, as the protocol names it; unique in the body' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  lab!: string;

  @ApiProperty({ example: 10.7, description: 'The reported value x_i, in the unit of the body' })
  @IsNumber(FINITE)
  value!: number;

  @ApiProperty({ example: 0.5, description: 'Expanded uncertainty U_i > 0, in the unit of the body' })
  @IsNumber(FINITE)
  @IsPositive()
  expandedUncertainty!: number;

  @ApiProperty({ example: 2, description: 'Coverage factor k_i > 0 of U_i; u_i = U_i / k_i' })
  @IsNumber(FINITE)
  @IsPositive()
  coverageFactor!: number;

  @ApiProperty({ required: false, example: true, description: 'Whether the value may enter the reference value (default true); a lab outside it gets cov = 0' })
  @IsOptional()
  @IsBoolean()
  inReference?: boolean;
}

/** The pilot lab, when named, is one of the results (always for method pilot). */
@ValidatorConstraint({ name: 'pilotLabAmongResults' })
class PilotLabAmongResults implements ValidatorConstraintInterface {
  validate(pilotLab: unknown, args: ValidationArguments): boolean {
    const results = (args.object as { results?: unknown }).results;
    return Array.isArray(results) && results.some((result) => typeof result === 'object' && result !== null && (result as { lab?: unknown }).lab === pilotLab);
  }

  defaultMessage(): string {
    return 'pilotLab must be the lab of one of the results';
  }
}

/** 比对结果评价: the what-if evaluation of a comparison's results. */
export class EvaluateComparisonDto {
  @ApiProperty({ enum: REFERENCE_METHODS, example: 'weighted-mean', description: 'How the reference value (参考值) is fixed' })
  @IsIn(REFERENCE_METHODS)
  method!: ReferenceMethod;

  @ApiProperty({ required: false, example: 'Zhejiang Institute of Metrology', description: 'The pilot lab (主导实验室); required for method pilot, and one of the results' })
  @ValidateIf((body: EvaluateComparisonDto) => body.method === 'pilot' || body.pilotLab !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Validate(PilotLabAmongResults)
  pilotLab?: string;

  @ApiProperty({ example: 'mg', description: 'Unit of every value and uncertainty, as written: no conversion is done' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unit!: string;

  @ApiProperty({ required: false, minimum: 0, example: 0.05, description: 'The transfer standard’s instability u_tr, a standard uncertainty (k = 1) ≥ 0 added under the root of every En' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  transferStandardUncertainty?: number;

  @ApiProperty({ required: false, enum: OUTLIER_SCREENINGS, example: 'none', description: 'Grubbs’ test (α = 0.05, two-sided) before a mean; default none' })
  @IsOptional()
  @IsIn(OUTLIER_SCREENINGS)
  outlierScreening?: OutlierScreening;

  @ApiProperty({ type: [ParticipantResultDto], example: EXAMPLE_RESULTS, description: `At least ${MIN_PARTICIPANTS} labs, each named once` })
  @IsArray()
  @ArrayMinSize(MIN_PARTICIPANTS)
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @ArrayUnique((result: unknown) => (typeof result === 'object' && result !== null ? (result as { lab?: unknown }).lab : result), {
    message: 'results must name each lab once',
  })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ParticipantResultDto)
  results!: ParticipantResultDto[];
}
