import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/**
 * Request bodies of the technical checks, mirroring the input types of
 * src/standards/domain/technical-checks.ts. These DTOs check form only: numbers are finite JSON
 * numbers (1e309 parses to Infinity and is refused here), units are short strings, lists are
 * bounded. The rules of each computation (at least 10 readings, 4 groups a month apart, one unit
 * throughout, no negative uncertainty) belong to the domain, which refuses with 422 and the rule.
 */

/** Most readings in one list (a repeatability series or one stability group). */
export const MAX_READINGS = 1000;
/** Most stability groups; a re-examination over a five-year validity has one or two a year. */
export const MAX_STABILITY_GROUPS = 100;
/** Most components of an uncertainty budget. */
export const MAX_BUDGET_COMPONENTS = 100;

const FINITE = { allowNaN: false, allowInfinity: false } as const;
const unitProperty = (example: string) => ApiProperty({ example, description: 'Unit symbol, compared as written: no conversion is done' });

export class QuantityDto {
  @ApiProperty({ example: 0.015 })
  @IsNumber(FINITE)
  value!: number;

  @unitProperty('mm')
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unit!: string;
}

export class ReadingsDto {
  @ApiProperty({ type: [Number], example: [10.01, 10.02, 9.99, 10.0, 10.01, 10.03, 9.98, 10.0, 10.02, 10.01], description: 'n ≥ 10 readings (测得值)' })
  @IsArray()
  @ArrayMaxSize(MAX_READINGS)
  @IsNumber(FINITE, { each: true })
  values!: number[];

  @unitProperty('mm')
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unit!: string;
}

/** 重复性: the readings and the repeatability component declared in the uncertainty budget. */
export class RepeatabilityDto {
  @ApiProperty({ type: ReadingsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ReadingsDto)
  readings!: ReadingsDto;

  @ApiProperty({ type: QuantityDto, description: 'The repeatability component of the uncertainty budget, in the readings’ unit' })
  @IsObject()
  @ValidateNested()
  @Type(() => QuantityDto)
  declaredComponent!: QuantityDto;
}

export class StabilityGroupDto {
  @ApiProperty({ example: '2025-01-15', description: 'The day the group was taken (YYYY-MM-DD); consecutive groups more than one month apart' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'takenOn must be a date as YYYY-MM-DD' })
  takenOn!: string;

  @ApiProperty({ type: [Number], example: [100.0, 100.5, 101.0] })
  @IsArray()
  @ArrayMaxSize(MAX_READINGS)
  @IsNumber(FINITE, { each: true })
  readings!: number[];
}

export class StabilityCriterionDto {
  @ApiProperty({ enum: ['MPE', 'EXPANDED_UNCERTAINTY'], description: '|MPE| for a standard used by its accuracy class; the expanded uncertainty of the correction for one used with corrections' })
  @IsIn(['MPE', 'EXPANDED_UNCERTAINTY'])
  kind!: 'MPE' | 'EXPANDED_UNCERTAINTY';

  @ApiProperty({ example: 0.75 })
  @IsNumber(FINITE)
  value!: number;

  @unitProperty('mV')
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unit!: string;
}

/** 稳定性: m ≥ 4 groups of readings, each group's mean compared with the others'. */
export class StabilityDto {
  @ApiProperty({ type: [StabilityGroupDto] })
  @IsArray()
  @ArrayMaxSize(MAX_STABILITY_GROUPS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => StabilityGroupDto)
  groups!: StabilityGroupDto[];

  @unitProperty('mV')
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unit!: string;

  @ApiProperty({ type: StabilityCriterionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => StabilityCriterionDto)
  criterion!: StabilityCriterionDto;

  @ApiProperty({ required: false, example: 3, description: 'Least readings per group (default 3)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_READINGS)
  minReadingsPerGroup?: number;
}

export class UncertaintyComponentDto {
  @ApiProperty({ example: 'repeatability', description: 'The source of uncertainty' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: QuantityDto, description: 'Standard uncertainty u_i of the input quantity' })
  @IsObject()
  @ValidateNested()
  @Type(() => QuantityDto)
  u!: QuantityDto;

  @ApiProperty({ required: false, example: 1, description: 'Sensitivity coefficient c_i (default 1); it carries any change of unit' })
  @IsOptional()
  @IsNumber(FINITE)
  c?: number;

  @unitProperty('mm')
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  contributionUnit!: string;
}

/** 测量不确定度评定: the components of the budget and the coverage factor. */
export class UncertaintyBudgetDto {
  @ApiProperty({ type: [UncertaintyComponentDto] })
  @IsArray()
  @ArrayMaxSize(MAX_BUDGET_COMPONENTS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => UncertaintyComponentDto)
  components!: UncertaintyComponentDto[];

  @ApiProperty({ required: false, example: 2, description: 'Coverage factor k (default 2)' })
  @IsOptional()
  @IsNumber(FINITE)
  k?: number;
}

export class ResultWithUncertaintyDto {
  @ApiProperty({ type: QuantityDto, description: 'The measured value y' })
  @IsObject()
  @ValidateNested()
  @Type(() => QuantityDto)
  y!: QuantityDto;

  @ApiProperty({ type: QuantityDto, description: 'Its expanded uncertainty U, in the same unit' })
  @IsObject()
  @ValidateNested()
  @Type(() => QuantityDto)
  U!: QuantityDto;
}

/** 测量结果的验证: the laboratory's result against a higher standard's (transfer comparison). */
export class VerificationOfResultsDto {
  @ApiProperty({ type: ResultWithUncertaintyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ResultWithUncertaintyDto)
  lab!: ResultWithUncertaintyDto;

  @ApiProperty({ type: ResultWithUncertaintyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ResultWithUncertaintyDto)
  reference!: ResultWithUncertaintyDto;
}
