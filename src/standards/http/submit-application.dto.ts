import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ASSESSMENT_KINDS, STANDARD_CATEGORIES, type AssessmentKind, type StandardCategory } from '../../../events/assessment.events.js';
import { DocumentReferences } from './document-references.js';

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

  @ApiProperty({
    required: false,
    format: 'uuid',
    example: '7d3c1a00-0000-4000-8000-000000000000',
    description: 'Required for a RE_EXAMINATION (复查), refused for any other kind: the case that issued the certificate it renews',
  })
  @IsOptional()
  @IsUUID()
  renewsCaseId?: string;

  @ApiProperty({
    required: false,
    type: [String],
    example: [],
    description: 'SHA-256 of documents your institution uploaded (POST /api/v1/documents), at most 100; the answer lists the kinds still missing',
  })
  @IsOptional()
  @DocumentReferences()
  documents?: string[];
}
