import { BadRequestException, Body, Controller, Get, Header, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { eventIdFor } from '../../event-store/event-ids.js';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import { RegistryIdPipe } from '../../identity/registry/http/registry-validators.js';
import type { Actor, Role } from '../../identity/roles.js';
import { idempotentCommandId } from '../../http/idempotency.js';
import { commandContextOf } from '../../http/request-context.js';
import { ActOnSpecificationCommand, type SpecificationStepResult } from '../commands/act-on-specification.command.js';
import type { SpecificationProjectCommand } from '../domain/specification-project.js';
import type { SpecificationRecord } from '../projections/specifications.projection.js';
import { GetCatalogueQuery, GetCommentTableCsvQuery, GetSpecificationQuery, GetVersionDiffQuery, ListSpecificationsQuery, type CatalogueEntry, type VersionDiff } from '../queries/specification.queries.js';
import {
  CancellationDto,
  CommentDto,
  ConsultationDraftDto,
  DispositionDto,
  DraftingGroupDto,
  DrafterChangeDto,
  DraftVersionDto,
  EffectEvaluationDto,
  EntryIntoForceDto,
  EvaluationConclusionDto,
  ExpertAppraisalDto,
  FilingDto,
  ListSpecificationsQueryDto,
  MeetingDto,
  PlanDto,
  ProposeSpecificationDto,
  PublicationDto,
  PublicNoticeDto,
  ScheduleReviewDto,
  VersionDiffQueryDto,
} from './specification-steps.dto.js';
import { freshId } from '../../shared/fresh-ids.js';

const id = () => new ParseUUIDPipe();
/**
 * 地方计量技术规范制修订: a specification project over HTTP, from proposal to publication and
 * periodic review. An institution proposes and comments; the secretariat of the technical
 * committee (or the authority) appraises, notices, plans, forms the drafting group, issues the
 * consultation draft, schedules and records the review meeting, submits, publishes, files; the
 * drafting group's experts record draft versions and answer comments. Each step answers 200 with
 * the new status and the events recorded; a step the rules do not allow now answers 409 naming the
 * rule; an unknown project 404.
 */
@ApiTags('specifications (地方计量技术规范)')
@ApiBearerAuth()
@Controller('api/v1/specifications')
export class SpecificationsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  private act(step: SpecificationProjectCommand, actor: Actor, role: Role, request: Request, commandId: string = freshId()): Promise<SpecificationStepResult> {
    return this.commandBus.execute(new ActOnSpecificationCommand(step, commandContextOf(request, actor, role, commandId)));
  }

  @Post()
  @HttpCode(201)
  @Permission('specifications.propose')
  @ApiOperation({ summary: 'Propose a project (立项申请) on behalf of the caller’s institution: title and drafting institution' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Resending with the same key returns the original answer and records nothing new' })
  async propose(
    @Body() body: ProposeSpecificationDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SpecificationStepResult> {
    if (!actor.institutionId) throw new BadRequestException('the token names no institution (claim institutionId); a project is proposed on behalf of one');
    // The IdempotencyInterceptor checks the key and derives the command id from it (src/http/idempotency.ts).
    const commandId = idempotentCommandId(req) ?? freshId();
    const projectId = idempotencyKey ? eventIdFor(commandId, -1) : freshId();
    const step: SpecificationProjectCommand = {
      type: 'Propose',
      projectId,
      title: body.title,
      proposerInstitutionId: actor.institutionId,
      drafterInstitutionId: body.drafterInstitutionId,
      ...(body.revisesProjectId ? { revisesProjectId: body.revisesProjectId } : {}),
    };
    const result = await this.act(step, actor, 'institution', req, commandId);
    res.location(`/api/v1/specifications/${projectId}`);
    return result;
  }

  @Get()
  @Permission('specifications.list')
  @ApiOperation({ summary: 'Specification projects, by status' })
  list(@Query() query: ListSpecificationsQueryDto): Promise<SpecificationRecord[]> {
    return this.queryBus.execute(new ListSpecificationsQuery(query.status));
  }

  // Before ':projectId', so that the fixed path is not taken for a project id.
  @Get('catalogue')
  @Permission('specifications.catalogue')
  @ApiOperation({ summary: 'The published catalogue (地方计量技术规范目录): number, title, published date, status' })
  catalogue(): Promise<CatalogueEntry[]> {
    return this.queryBus.execute(new GetCatalogueQuery());
  }

  @Get(':projectId')
  @Permission('specifications.read')
  @ApiOperation({ summary: 'One project with its draft versions, comments with dispositions, and meeting records (vote count, rule applied)' })
  get(@Param('projectId', id()) projectId: string): Promise<SpecificationRecord> {
    return this.queryBus.execute(new GetSpecificationQuery(projectId));
  }

  @Get(':projectId/comments.csv')
  @Permission('specifications.read')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The comment and disposition table (征求意见汇总处理表) as CSV, UTF-8 with BOM, zh-CN headings' })
  async commentsCsv(@Param('projectId', id()) projectId: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const csv: string = await this.queryBus.execute(new GetCommentTableCsvQuery(projectId));
    res.setHeader('Content-Disposition', `attachment; filename="comments-${projectId}.csv"`);
    return csv;
  }

  @Get(':projectId/versions/diff')
  @Permission('specifications.read')
  @ApiOperation({ summary: 'The line diff (hunks) between two draft versions whose plain-text or Markdown content was uploaded through /api/v1/documents' })
  diff(@Param('projectId', id()) projectId: string, @Query() query: VersionDiffQueryDto): Promise<VersionDiff> {
    return this.queryBus.execute(new GetVersionDiffQuery(projectId, query.from, query.to));
  }

  @Post(':projectId/appraisal')
  @HttpCode(200)
  @Permission('specifications.appraise')
  @ApiOperation({ summary: 'Record the expert appraisal (专家论证): experts, conclusion, opinion' })
  appraise(@Param('projectId', id()) projectId: string, @Body() body: ExpertAppraisalDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'RecordExpertAppraisal', projectId, expertIds: [...body.expertIds], conclusion: body.conclusion, opinion: body.opinion }, actor, 'secretariat', req);
  }

  @Post(':projectId/public-notice')
  @HttpCode(200)
  @Permission('specifications.start-public-notice')
  @ApiOperation({ summary: 'Start the public notice of the project (立项公示), at least the policy’s period' })
  publicNotice(@Param('projectId', id()) projectId: string, @Body() body: PublicNoticeDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'StartPublicNotice', projectId, ...(body.days !== undefined ? { days: body.days } : {}) }, actor, 'secretariat', req);
  }

  @Post(':projectId/plan')
  @HttpCode(200)
  @Permission('specifications.plan')
  @ApiOperation({ summary: 'Put the project in the plan (列入制修订计划) after the public notice; the two-year limit starts' })
  plan(@Param('projectId', id()) projectId: string, @Body() body: PlanDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'Plan', projectId, planYear: body.planYear }, actor, 'secretariat', req);
  }

  @Post(':projectId/cancellation')
  @HttpCode(200)
  @Permission('specifications.adjust-plan')
  @ApiOperation({ summary: 'Adjust the plan: cancel the project, with the reason' })
  cancel(@Param('projectId', id()) projectId: string, @Body() body: CancellationDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'CancelProject', projectId, reason: body.reason }, actor, 'secretariat', req);
  }

  @Post(':projectId/drafter-change')
  @HttpCode(200)
  @Permission('specifications.adjust-plan')
  @ApiOperation({ summary: 'Adjust the plan: change the drafting institution, with the reason' })
  changeDrafter(@Param('projectId', id()) projectId: string, @Body() body: DrafterChangeDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'ChangeDrafter', projectId, drafterInstitutionId: body.drafterInstitutionId, reason: body.reason }, actor, 'secretariat', req);
  }

  @Post(':projectId/drafting-group')
  @HttpCode(200)
  @Permission('specifications.form-drafting-group')
  @ApiOperation({ summary: 'Form (or re-form) the drafting group (起草组): leader and members' })
  draftingGroup(@Param('projectId', id()) projectId: string, @Body() body: DraftingGroupDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const members = body.members.map(({ expertId, institutionId }) => ({ expertId, institutionId }));
    return this.act({ type: 'FormDraftingGroup', projectId, leaderExpertId: body.leaderExpertId, members }, actor, 'secretariat', req);
  }

  @Post(':projectId/versions')
  @HttpCode(200)
  @Permission('specifications.record-draft-version')
  @ApiOperation({ summary: 'The drafting group records a draft version by its content hash (SHA-256), size and name' })
  recordVersion(@Param('projectId', id()) projectId: string, @Body() body: DraftVersionDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'RecordDraftVersion', projectId, versionLabel: body.versionLabel, sha256: body.sha256, size: body.size, name: body.name }, actor, 'expert', req);
  }

  @Post(':projectId/consultation')
  @HttpCode(200)
  @Permission('specifications.issue-consultation-draft')
  @ApiOperation({ summary: 'Issue the consultation draft (征求意见稿) with its explanatory notes; the comment period opens' })
  consultation(@Param('projectId', id()) projectId: string, @Body() body: ConsultationDraftDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act(
      { type: 'IssueConsultationDraft', projectId, versionLabel: body.versionLabel, explanatoryNotes: body.explanatoryNotes, ...(body.days !== undefined ? { days: body.days } : {}) },
      actor,
      'secretariat',
      req,
    );
  }

  @Post(':projectId/comments')
  @HttpCode(200)
  @Permission('specifications.comment')
  @ApiOperation({ summary: 'A comment on a clause during the comment period: from the caller’s institution, or entered by the secretariat for the public' })
  async comment(@Param('projectId', id()) projectId: string, @Body() body: CommentDto, @CurrentActor() actor: Actor, @Req() req: Request): Promise<SpecificationStepResult & { commentId: string }> {
    const asInstitution = actor.roles.includes('institution') && actor.institutionId !== undefined;
    const commentId = randomUUID();
    const result = await this.act(
      {
        type: 'ReceiveComment',
        projectId,
        commentId,
        clause: body.clause,
        text: body.text,
        source: asInstitution ? 'INSTITUTION' : 'PUBLIC',
        ...(asInstitution ? { institutionId: actor.institutionId } : {}),
        ...(body.commenterName ? { commenterName: body.commenterName } : {}),
      },
      actor,
      asInstitution ? 'institution' : 'secretariat',
      req,
    );
    return { ...result, commentId };
  }

  @Post(':projectId/comment-period-closure')
  @HttpCode(200)
  @Permission('specifications.close-comment-period')
  @ApiOperation({ summary: 'Close the comment period after it has run; the remaining comments are answered in DISPOSITION' })
  closeCommentPeriod(@Param('projectId', id()) projectId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'CloseCommentPeriod', projectId }, actor, 'secretariat', req);
  }

  @Post(':projectId/comments/:commentId/disposition')
  @HttpCode(200)
  @Permission('specifications.dispose-comment')
  @ApiOperation({ summary: 'The drafting group answers a comment: adopted, partly adopted or not adopted, with reasons' })
  dispose(
    @Param('projectId', id()) projectId: string,
    @Param('commentId', new RegistryIdPipe()) commentId: string,
    @Body() body: DispositionDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.act({ type: 'DisposeComment', projectId, commentId, disposition: body.disposition, reasons: [...body.reasons] }, actor, 'expert', req);
  }

  @Post(':projectId/review')
  @HttpCode(200)
  @Permission('specifications.schedule-review')
  @ApiOperation({ summary: 'Schedule the review meeting (审定会) once every comment is answered; the review draft goes out at least a month before' })
  scheduleReview(@Param('projectId', id()) projectId: string, @Body() body: ScheduleReviewDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'ScheduleReview', projectId, meetingDate: body.meetingDate, reviewDraftVersion: body.reviewDraftVersion }, actor, 'secretariat', req);
  }

  @Post(':projectId/meetings')
  @HttpCode(200)
  @Permission('specifications.record-meeting')
  @ApiOperation({ summary: 'Record the review meeting: attendance and votes; quorum and the pass rule are applied, a failure sends the draft back' })
  meeting(@Param('projectId', id()) projectId: string, @Body() body: MeetingDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const votes = body.votes.map((v) => ({ expertId: v.expertId, vote: v.vote, ...(v.reasons ? { reasons: [...v.reasons] } : {}) }));
    return this.act(
      { type: 'HoldReviewMeeting', projectId, members: [...body.members], present: [...body.present], invitedExperts: [...body.invitedExperts], votes },
      actor,
      'secretariat',
      req,
    );
  }

  @Post(':projectId/submission')
  @HttpCode(200)
  @Permission('specifications.submit-for-approval')
  @ApiOperation({ summary: 'Submit the reviewed draft for approval (报批)' })
  submit(@Param('projectId', id()) projectId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'SubmitForApproval', projectId }, actor, 'secretariat', req);
  }

  @Post(':projectId/publication')
  @HttpCode(200)
  @Permission('specifications.publish')
  @ApiOperation({ summary: 'Publish under a number in the jurisdiction’s format, unique; the periodic review falls due five years on' })
  publish(@Param('projectId', id()) projectId: string, @Body() body: PublicationDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'Publish', projectId, number: body.number }, actor, 'secretariat', req);
  }

  @Post(':projectId/filing')
  @HttpCode(200)
  @Permission('specifications.file')
  @ApiOperation({ summary: 'Record the filing (备案) of the published specification' })
  file(@Param('projectId', id()) projectId: string, @Body() body: FilingDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'File', projectId, filingNumber: body.filingNumber }, actor, 'secretariat', req);
  }

  @Post(':projectId/entry-into-force')
  @HttpCode(200)
  @Permission('specifications.enter-into-force')
  @ApiOperation({ summary: 'Record the date the specification takes effect (实施)' })
  enterIntoForce(@Param('projectId', id()) projectId: string, @Body() body: EntryIntoForceDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'EnterIntoForce', projectId, effectiveOn: body.effectiveOn }, actor, 'secretariat', req);
  }

  @Post(':projectId/periodic-review')
  @HttpCode(200)
  @Permission('specifications.review-periodically')
  @ApiOperation({ summary: 'Start the periodic review (复审) once it is due' })
  periodicReview(@Param('projectId', id()) projectId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'StartPeriodicReview', projectId }, actor, 'secretariat', req);
  }

  @Post(':projectId/effect-evaluation')
  @HttpCode(200)
  @Permission('specifications.review-periodically')
  @ApiOperation({ summary: 'Start an effect evaluation (实施效果评估) of a specification in force, with the reason' })
  effectEvaluation(@Param('projectId', id()) projectId: string, @Body() body: EffectEvaluationDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'StartEffectEvaluation', projectId, reason: body.reason }, actor, 'secretariat', req);
  }

  @Post(':projectId/evaluation-conclusion')
  @HttpCode(200)
  @Permission('specifications.review-periodically')
  @ApiOperation({ summary: 'Conclude the periodic review or effect evaluation: confirm, revise as a new project, or withdraw, with reasons' })
  conclude(@Param('projectId', id()) projectId: string, @Body() body: EvaluationConclusionDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act(
      { type: 'ConcludeEvaluation', projectId, outcome: body.outcome, reasons: [...body.reasons], ...(body.revisionProjectId ? { revisionProjectId: body.revisionProjectId } : {}) },
      actor,
      'secretariat',
      req,
    );
  }
}
