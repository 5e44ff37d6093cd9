import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ASSESSMENT_KINDS, STANDARD_CATEGORIES, type AssessmentKind, type StandardCategory } from '../../../events/assessment.events.js';

export class StandardDescriptionDto {
  @ApiProperty({ example: 'Sphygmomanometer verification standard', description: 'Name of the measurement standard (计量标准名称)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: STANDARD_CATEGORIES, example: 'PUBLIC' })
  @IsIn(STANDARD_CATEGORIES as unknown as string[])
  category!: StandardCategory;

  @ApiProperty({ example: 'pressure', description: 'The measurand (被测量)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  measurand!: string;
}

export class SubmitApplicationDto {
  @ApiProperty({ enum: ASSESSMENT_KINDS, example: 'NEW' })
  @IsIn(ASSESSMENT_KINDS as unknown as string[])
  kind!: AssessmentKind;

  @ApiProperty({ type: StandardDescriptionDto })
  @ValidateNested()
  @Type(() => StandardDescriptionDto)
  standard!: StandardDescriptionDto;
}
