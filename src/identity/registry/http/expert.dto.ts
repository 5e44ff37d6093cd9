import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate, REGISTRY_ID, REGISTRY_ID_MESSAGE } from './registry-validators.js';

export class RegisterExpertDto {
  @ApiProperty({ example: 'expert-zhang-wei', description: "The subject (sub) of the expert's account, so that the expert can declare interests himself" })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  expertId!: string;

  @ApiProperty({ example: 'Zhang Wei' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

export class GrantQualificationDto {
  @ApiProperty({ example: 'pressure', description: 'The discipline (专业) the qualification covers, as cases name it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  discipline!: string;

  @ApiProperty({ example: 'ZJ-KPY-2026-0042', description: 'Number of the assessor certificate (考评员证书编号)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  certificateNumber!: string;

  @ApiProperty({ example: '2026-01-01', description: 'First day of validity' })
  @IsCalendarDate()
  validFrom!: string;

  @ApiProperty({ example: '2030-12-31', description: 'Last day of validity' })
  @IsCalendarDate()
  validUntil!: string;
}

export class RevokeQualificationDto {
  @ApiProperty({ example: 'ZJ-KPY-2026-0042', description: 'Certificate number of the qualification to revoke' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  certificateNumber!: string;

  @ApiProperty({ example: 'Certificate withdrawn by the issuing authority' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class ChangeAffiliationDto {
  @ApiProperty({ example: '91350100M000100Y43', description: 'The institution the expert belongs to from `from` on; it must be registered' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  institutionId!: string;

  @ApiProperty({ example: '2026-03-01', description: 'First day with the institution; the previous affiliation ends that day' })
  @IsCalendarDate()
  from!: string;
}

export class DeclareInterestDto {
  @ApiPropertyOptional({ example: '91350100M000100Y43', description: 'The institution the interest concerns (all of its cases)' })
  @IsOptional()
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  institutionId?: string;

  @ApiPropertyOptional({ example: '7d3c1a00-0000-4000-8000-000000000000', description: 'The case the interest concerns' })
  @IsOptional()
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  caseId?: string;

  @ApiProperty({ example: 'Spouse works in its calibration laboratory' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}
