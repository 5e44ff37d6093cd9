import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { STANDARD_CATEGORIES, type StandardCategory } from '../../../events/assessment.events.js';
import { UNCERTAINTY_CHANGES, type UncertaintyChange } from '../../../events/certificate.events.js';
import { IsCalendarDate } from '../../identity/registry/http/registry-validators.js';
import { REGISTRY_STATUSES, type RegistryStatus } from '../projections/standards-registry.projection.js';

/** 封存: the holder's application, recorded by the authority. */
export class SealCertificateDto {
  @ApiProperty({ example: 'The laboratory moves to a new building; the standard is out of use until re-examined', description: "The holder's reason for sealing" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

/** 撤销 / 注销: the authority's reasons. */
export class CertificateReasonsDto {
  @ApiProperty({ type: [String], example: ['Supervision check 2027-03 failed; rectification not completed by the deadline'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(1000, { each: true })
  reasons!: string[];
}

/** 变更备案: a change of the certified standard declared by its holder. */
export class FileChangeDto {
  @ApiProperty({ example: 'Reference manometer replaced by a new one of the same accuracy class', description: 'What changed' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description!: string;

  @ApiProperty({ enum: UNCERTAINTY_CHANGES, description: "The changed standard's uncertainty compared with the certified one" })
  @IsIn(UNCERTAINTY_CHANGES as unknown as string[])
  uncertainty!: UncertaintyChange;

  @ApiProperty({ example: false, description: 'Whether the measuring range changed' })
  @IsBoolean()
  rangeChanged!: boolean;
}

/** The standards registry's filters (query string). */
export class ListStandardsQueryDto {
  @ApiPropertyOptional({ enum: REGISTRY_STATUSES, description: "The current certificate's status" })
  @IsOptional()
  @IsIn(REGISTRY_STATUSES)
  status?: RegistryStatus;

  @ApiPropertyOptional({ enum: STANDARD_CATEGORIES })
  @IsOptional()
  @IsIn(STANDARD_CATEGORIES)
  category?: StandardCategory;

  @ApiPropertyOptional({ description: 'The holder institution' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:@-]{1,128}$/, { message: 'institutionId must be 1 to 128 characters of letters, digits, ".", "_", ":", "@" or "-"' })
  institutionId?: string;

  @ApiPropertyOptional({ example: '2031-12-31', description: "Only standards whose current certificate's last valid day is before this day" })
  @IsOptional()
  @IsCalendarDate()
  expiringBefore?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only standards with (true) or without (false) an open follow-up of an unsatisfactory comparison outcome' })
  @IsOptional()
  @IsIn(['true', 'false'])
  comparisonFollowUpOpen?: 'true' | 'false';
}
