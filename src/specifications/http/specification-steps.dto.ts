import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  APPRAISAL_CONCLUSIONS,
  COMMENT_DISPOSITIONS,
  EVALUATION_OUTCOMES,
  VOTES,
  type AppraisalConclusion,
  type CommentDisposition,
  type EvaluationOutcome,
  type Vote,
} from '../../../events/specification.events.js';
import { IsCalendarDate, REGISTRY_ID, REGISTRY_ID_MESSAGE } from '../../identity/registry/http/registry-validators.js';
import type { SpecificationProjectStatus } from '../domain/specification-project.js';

/** Bodies of a specification project's steps (规范制修订); the decider checks the rules across fields. */

/** Most members of one committee or drafting group; a technical committee has a few dozen. */
const MAX_PEOPLE = 200;
const MAX_REASONS = 50;

/** A list of reasons (理由): each a non-empty text of at most 2,000 characters, at most MAX_REASONS of them. */
const Reasons = (minItems: number) =>
  applyDecorators(IsArray(), ArrayMinSize(minItems), ArrayMaxSize(MAX_REASONS), IsString({ each: true }), IsNotEmpty({ each: true }), MaxLength(2000, { each: true }));

export const SPECIFICATION_STATUSES: readonly Exclude<SpecificationProjectStatus, 'NONE'>[] = [
  'PROPOSED',
  'EXPERT_APPRAISED',
  'APPRAISAL_REJECTED',
  'PUBLIC_NOTICE',
  'PLANNED',
  'DRAFTING',
  'CONSULTATION',
  'DISPOSITION',
  'REVIEW_SCHEDULED',
  'REVIEWED',
  'SUBMITTED_FOR_APPROVAL',
  'PUBLISHED',
  'FILED',
  'IN_FORCE',
  'PERIODIC_REVIEW',
  'EFFECT_EVALUATION',
  'REVISION',
  'WITHDRAWN',
  'CANCELLED',
];

export class ListSpecificationsQueryDto {
  @ApiPropertyOptional({ enum: SPECIFICATION_STATUSES })
  @IsOptional()
  @IsIn(SPECIFICATION_STATUSES)
  status?: Exclude<SpecificationProjectStatus, 'NONE'>;
}

export class VersionDiffQueryDto {
  @ApiProperty({ example: 'v1', description: 'The older version label' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  from!: string;

  @ApiProperty({ example: 'v2', description: 'The newer version label' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  to!: string;
}

export class ProposeSpecificationDto {
  @ApiProperty({ example: '电子天平校准规范' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiProperty({ example: '91330106MA2B0C1X4J', description: 'The drafting institution (起草单位), a registry id' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  drafterInstitutionId!: string;

  @ApiPropertyOptional({ example: '0b8f3c52-6a0e-4d1f-9a57-3f1f0e8c2a11', description: 'A revision names the project of the specification it revises' })
  @IsOptional()
  @IsUUID()
  revisesProjectId?: string;
}

export class ExpertAppraisalDto {
  @ApiProperty({ type: [String], example: ['expert-wang', 'expert-li'], description: 'The experts of the appraisal (专家论证)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEOPLE)
  @ArrayUnique()
  @Matches(REGISTRY_ID, { each: true, message: REGISTRY_ID_MESSAGE })
  expertIds!: string[];

  @ApiProperty({ enum: APPRAISAL_CONCLUSIONS, example: 'RECOMMENDED' })
  @IsIn(APPRAISAL_CONCLUSIONS)
  conclusion!: AppraisalConclusion;

  @ApiProperty({ example: '项目必要、可行，建议立项。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  opinion!: string;
}

export class PublicNoticeDto {
  @ApiPropertyOptional({ example: 30, description: 'Calendar days of the public notice (立项公示); at least the policy’s period (default 30)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366)
  days?: number;
}

export class PlanDto {
  @ApiProperty({ example: 2026, description: 'The plan year (制修订计划年度), within a year of now' })
  @IsInt()
  @Min(2000)
  @Max(2200)
  planYear!: number;
}

export class CancellationDto {
  @ApiProperty({ example: '国家规范已覆盖本项目内容。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class DrafterChangeDto {
  @ApiProperty({ example: '91330203MA2H3J4K58', description: 'The new drafting institution' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  drafterInstitutionId!: string;

  @ApiProperty({ example: '原起草单位无力承担。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class DraftingGroupMemberDto {
  @ApiProperty({ example: 'expert-zhao' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  expertId!: string;

  @ApiProperty({ example: '91330106MA2B0C1X4J' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  institutionId!: string;
}

export class DraftingGroupDto {
  @ApiProperty({ example: 'expert-zhao', description: 'The leader (起草组组长), one of the members' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  leaderExpertId!: string;

  @ApiProperty({ type: () => [DraftingGroupMemberDto], example: [{ expertId: 'expert-zhao', institutionId: '91330106MA2B0C1X4J' }] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEOPLE)
  @ValidateNested({ each: true })
  @Type(() => DraftingGroupMemberDto)
  members!: DraftingGroupMemberDto[];
}

export class DraftVersionDto {
  @ApiProperty({ example: 'v1', description: 'The version label (版本标识), unique in the project' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  versionLabel!: string;

  @ApiProperty({ example: '1c7b68cf319dc1f2512b670185279dd30cb9dec3dbc4637050d10277af6f6805', description: 'SHA-256 of the draft’s content (64 lower-case hex digits), as the document store gives it' })
  @Matches(/^[0-9a-f]{64}$/, { message: '$property must be 64 lower-case hex digits' })
  sha256!: string;

  @ApiProperty({ example: 48213, description: 'Size in bytes' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  size!: number;

  @ApiProperty({ example: '电子天平校准规范-征求意见稿.md' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;
}

export class ConsultationDraftDto {
  @ApiProperty({ example: 'v1', description: 'The version put out for comment (征求意见稿)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  versionLabel!: string;

  @ApiProperty({ example: '本规范参照 JJG 1036-2022 编写，主要技术指标……', description: 'The explanatory notes (编制说明)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  explanatoryNotes!: string;

  @ApiPropertyOptional({ example: 30, description: 'Calendar days of the comment period; at least the policy’s period (default 30)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366)
  days?: number;
}

export class CommentDto {
  @ApiProperty({ example: '5.2', description: 'The clause commented on (章条编号)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  clause!: string;

  @ApiProperty({ example: '建议将示值误差的校准点增加至 5 个。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  text!: string;

  @ApiPropertyOptional({ example: '张三', description: 'The commenter’s name (a comment entered by the secretariat for the public)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  commenterName?: string;
}

export class DispositionDto {
  @ApiProperty({ enum: COMMENT_DISPOSITIONS, example: 'ADOPTED' })
  @IsIn(COMMENT_DISPOSITIONS)
  disposition!: CommentDisposition;

  @ApiProperty({ type: [String], example: ['已在 5.2 中增加校准点。'] })
  @Reasons(1)
  reasons!: string[];
}

export class ScheduleReviewDto {
  @ApiProperty({ example: '2026-09-15', description: 'The meeting date; the review draft must reach the reviewers at least the policy’s notice (30 days) before' })
  @IsCalendarDate()
  meetingDate!: string;

  @ApiProperty({ example: 'v2', description: 'The review draft (送审稿), a recorded version' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  reviewDraftVersion!: string;
}

export class MeetingVoteDto {
  @ApiProperty({ example: 'member-1' })
  @Matches(REGISTRY_ID, { message: REGISTRY_ID_MESSAGE })
  expertId!: string;

  @ApiProperty({ enum: VOTES, example: 'YES' })
  @IsIn(VOTES)
  vote!: Vote;

  @ApiPropertyOptional({ type: [String], example: [], description: 'Required with a NO vote: the dissent’s reasons' })
  @IsOptional()
  @Reasons(0)
  reasons?: string[];
}

export class MeetingDto {
  @ApiProperty({ type: [String], example: ['member-1', 'member-2', 'member-3'], description: 'Every member of the technical committee' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PEOPLE)
  @Matches(REGISTRY_ID, { each: true, message: REGISTRY_ID_MESSAGE })
  members!: string[];

  @ApiProperty({ type: [String], example: ['member-1', 'member-2', 'member-3'], description: 'The members present' })
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @Matches(REGISTRY_ID, { each: true, message: REGISTRY_ID_MESSAGE })
  present!: string[];

  @ApiProperty({ type: [String], example: [], description: 'Invited experts (特邀专家): they attend and do not vote' })
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @Matches(REGISTRY_ID, { each: true, message: REGISTRY_ID_MESSAGE })
  invitedExperts!: string[];

  @ApiProperty({ type: () => [MeetingVoteDto], example: [{ expertId: 'member-1', vote: 'YES' }] })
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @ValidateNested({ each: true })
  @Type(() => MeetingVoteDto)
  votes!: MeetingVoteDto[];
}

export class PublicationDto {
  @ApiProperty({ example: 'JJF(浙) 1234-2026', description: 'The number in the jurisdiction’s format, its year the publication year; unique' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  number!: string;
}

export class FilingDto {
  @ApiProperty({ example: '备案号 2026-018' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  filingNumber!: string;
}

export class EntryIntoForceDto {
  @ApiProperty({ example: '2026-12-01', description: 'The date it takes effect, not before publication' })
  @IsCalendarDate()
  effectiveOn!: string;
}

export class EffectEvaluationDto {
  @ApiProperty({ example: '相关国家规程已修订。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class EvaluationConclusionDto {
  @ApiProperty({ enum: EVALUATION_OUTCOMES, example: 'CONFIRMED' })
  @IsIn(EVALUATION_OUTCOMES)
  outcome!: EvaluationOutcome;

  @ApiProperty({ type: [String], example: ['规范仍适用。'] })
  @Reasons(1)
  reasons!: string[];

  @ApiPropertyOptional({ example: '0b8f3c52-6a0e-4d1f-9a57-3f1f0e8c2a11', description: 'REVISION: the new project that revises the specification' })
  @IsOptional()
  @IsUUID()
  revisionProjectId?: string;
}
