import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CIRCULATION_SCHEMES, type CirculationScheme } from '../../../events/comparison.events.js';
import { IsCalendarDate, REGISTRY_ID, REGISTRY_ID_MESSAGE } from '../../identity/registry/http/registry-validators.js';
import { COMPARISON_STATUSES, type ComparisonStatus } from '../domain/comparison.js';
import { OUTLIER_SCREENINGS, REFERENCE_METHODS, type OutlierScreening, type ReferenceMethod } from '../domain/evaluation.js';

/** Bodies of the comparison process's steps (比对); the decider checks the rules across fields. */

const FINITE = { allowNaN: false, allowInfinity: false } as const;
/** Most participants in one comparison; a provincial comparison has a few dozen at most. */
const MAX_PARTICIPANTS = 200;

export class ProposeComparisonDto {
  @ApiProperty({ example: 'Provincial comparison of 1 kg weights, 2027' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiProperty({ example: 'mass' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  measurand!: string;

  @ApiProperty({ example: '91330106MA2B0C1X4J', description: 'The pilot lab (主导实验室): an institution id of the registry' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  pilotInstitutionId!: string;

  @ApiProperty({ type: [String], example: ['91330203MA2H3J4K58', '91330782MA2E5F6G7H'], description: 'The participants (参比实验室), the pilot not among them; at least 2, each once' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @ArrayUnique()
  @Matches(REGISTRY_ID, { each: true, message: REGISTRY_ID_MESSAGE })
  participants!: string[];

  @ApiPropertyOptional({
    type: () => [ComparedStandardDto],
    example: [],
    description: 'The standard each lab (the pilot or a participant) compares, by its standards registry id; optional (an empty list names none), at most one per lab',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PARTICIPANTS + 1)
  @ValidateNested({ each: true })
  @Type(() => ComparedStandardDto)
  standards?: ComparedStandardDto[];
}

/** 参比计量标准: the standard a lab compares. */
export class ComparedStandardDto {
  @ApiProperty({ example: '91330203MA2H3J4K58', description: 'The pilot or a participant' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  institutionId!: string;

  @ApiProperty({ example: '0b8f3c52-6a0e-4d1f-9a57-3f1f0e8c2a11', description: 'The standard’s registry id (GET /api/v1/standards/:id), a standard of that institution' })
  @IsUUID()
  standardId!: string;
}

export class TransferStandardDto {
  @ApiProperty({ example: '1 kg stainless steel weight' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'TS-M-0042', description: 'Its serial or inventory number' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  id!: string;
}

export class CirculationLegDto {
  @ApiProperty({ example: '91330203MA2H3J4K58', description: 'The participant of the leg' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  participant!: string;

  @ApiProperty({ example: '2027-03-31', description: 'The day (YYYY-MM-DD, China time) by which the participant hands the transfer standard on' })
  @IsCalendarDate()
  dueDate!: string;
}

export class ProtocolDto {
  @ApiProperty({ example: 'mass' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  measurand!: string;

  @ApiProperty({ example: 'mg', description: 'The unit of every result; no conversion is done' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unit!: string;

  @ApiProperty({ type: TransferStandardDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TransferStandardDto)
  transferStandard!: TransferStandardDto;

  @ApiProperty({ enum: CIRCULATION_SCHEMES, description: 'RING, or STAR: the transfer standard returns to the pilot between legs' })
  @IsIn(CIRCULATION_SCHEMES as unknown as string[])
  scheme!: CirculationScheme;

  @ApiProperty({
    type: [CirculationLegDto],
    example: [
      { participant: '91330203MA2H3J4K58', dueDate: '2027-03-31' },
      { participant: '91330782MA2E5F6G7H', dueDate: '2027-04-30' },
    ],
    description: 'One leg per participant, in circulation order',
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CirculationLegDto)
  legs!: CirculationLegDto[];

  @ApiProperty({ enum: REFERENCE_METHODS, description: 'How the reference value is fixed; method pilot takes the pilot lab’s value' })
  @IsIn(REFERENCE_METHODS)
  referenceMethod!: ReferenceMethod;

  @ApiPropertyOptional({ enum: OUTLIER_SCREENINGS, description: 'Grubbs’ test before a mean; default none' })
  @IsOptional()
  @IsIn(OUTLIER_SCREENINGS)
  outlierScreening?: OutlierScreening;

  @ApiPropertyOptional({ minimum: 0, example: 0.01, description: 'Declared instability of the transfer standard u_tr, a standard uncertainty in the unit' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  transferStandardUncertainty?: number;
}

export class ConsultationDto {
  @ApiProperty({ description: 'Whether the participant agrees the whole protocol' })
  @IsBoolean()
  agreed!: boolean;

  @ApiPropertyOptional({ type: [String], example: ['The leg of four weeks is too short for our schedule'], description: 'Required when not agreeing' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(2000, { each: true })
  objections?: string[];
}

export class StabilityCheckDto {
  @ApiProperty({ description: 'Whether the transfer standard was found stable' })
  @IsBoolean()
  stable!: boolean;

  @ApiProperty({ example: 'Mass difference to the pilot reference within 0.02 mg of the initial value' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary!: string;
}

export class ReportedResultDto {
  @ApiProperty({ example: 0.12, description: 'The value, in the unit' })
  @IsNumber(FINITE)
  value!: number;

  @ApiProperty({ example: 0.1, description: 'Expanded uncertainty U > 0, in the unit' })
  @IsNumber(FINITE)
  @IsPositive()
  expandedUncertainty!: number;

  @ApiProperty({ example: 2, description: 'Coverage factor k > 0 of U' })
  @IsNumber(FINITE)
  @IsPositive()
  coverageFactor!: number;

  @ApiProperty({ example: 'mg', description: 'Must be the protocol’s unit' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unit!: string;
}

export class CorrectionRequestDto {
  @ApiProperty({ example: 'The air-density correction was applied twice; see the attached worksheet', description: 'Why the submitted result is wrong (at least 10 characters)' })
  @IsString()
  @MinLength(10)
  @MaxLength(4000)
  reasons!: string;

  @ApiProperty({ type: ReportedResultDto, description: 'The corrected result' })
  @IsObject()
  @ValidateNested()
  @Type(() => ReportedResultDto)
  corrected!: ReportedResultDto;
}

export class CorrectionDecisionDto {
  @ApiProperty({ example: '91330203MA2H3J4K58', description: 'The lab whose pending request is decided' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  lab!: string;

  @ApiProperty({ enum: ['ACCEPTED', 'REJECTED'] })
  @IsIn(['ACCEPTED', 'REJECTED'])
  decision!: 'ACCEPTED' | 'REJECTED';

  @ApiProperty({ example: 'The worksheet shows the double correction' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reasons!: string;
}

export class DraftBDto {
  @ApiProperty({ example: 'No comments on Draft A; figures unchanged', description: "How the participants' comments on Draft A were dealt with" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8000)
  summary!: string;
}

export class CauseAnalysisDto {
  @ApiProperty({ example: 'The balance was used outside its temperature range' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8000)
  analysis!: string;
}

export class CorrectiveActionDto {
  @ApiProperty({ example: 'Air conditioning repaired; procedure amended; staff retrained' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8000)
  action!: string;

  @ApiProperty({ description: 'Whether the lab measures again in a re-comparison (再比对)' })
  @IsBoolean()
  reComparison!: boolean;
}

export class FollowUpClosureDto {
  @ApiProperty({ example: '91330203MA2H3J4K58', description: 'The lab whose follow-up is closed' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  lab!: string;

  @ApiProperty({ example: 'Corrective action verified on site' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary!: string;
}

export class ListComparisonsQueryDto {
  @ApiPropertyOptional({ enum: COMPARISON_STATUSES })
  @IsOptional()
  @IsIn(COMPARISON_STATUSES)
  status?: Exclude<ComparisonStatus, 'NONE'>;
}
