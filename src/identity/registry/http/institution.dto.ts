import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { INSTITUTION_KINDS, type InstitutionKind } from '../../../../events/registry.events.js';
import { IsUscc } from './registry-validators.js';

const DIVISION = /^\d{6}$/;
const DIVISION_MESSAGE = 'division must be an administrative division code of six digits (GB/T 2260)';

export class RegisterInstitutionDto {
  @ApiProperty({ example: '91350100M000100Y43', description: 'Unified social credit code (统一社会信用代码, GB 32100-2015); becomes the institution id' })
  @IsUscc()
  uscc!: string;

  @ApiProperty({ example: 'Jinhua Institute of Metrology and Quality Inspection', description: 'Registered name (机构名称)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '330700', description: 'Administrative division code (行政区划代码)' })
  @Matches(DIVISION, { message: DIVISION_MESSAGE })
  division!: string;

  @ApiProperty({ enum: INSTITUTION_KINDS, example: 'LEGAL_METROLOGY_INSTITUTE' })
  @IsIn(INSTITUTION_KINDS as unknown as string[])
  kind!: InstitutionKind;
}

/** Only the fields given change; at least one must differ from the record. */
export class UpdateInstitutionDto {
  @ApiPropertyOptional({ example: 'Jinhua Institute of Metrology' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '330702' })
  @IsOptional()
  @Matches(DIVISION, { message: DIVISION_MESSAGE })
  division?: string;

  @ApiPropertyOptional({ enum: INSTITUTION_KINDS })
  @IsOptional()
  @IsIn(INSTITUTION_KINDS as unknown as string[])
  kind?: InstitutionKind;
}
