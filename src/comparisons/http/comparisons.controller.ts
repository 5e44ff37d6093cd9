import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor, Role } from '../../identity/roles.js';
import { commandContextOf } from '../../http/request-context.js';
import { ActOnComparisonCommand, type ComparisonStepResult } from '../commands/act-on-comparison.command.js';
import type { ComparisonCommand } from '../domain/comparison.js';
import type { ComparisonRecord } from '../projections/comparisons.projection.js';
import type { CirculationBoard, ComparisonResultsTable } from '../queries/comparison-views.js';
import { GetCirculationBoardQuery, GetComparisonQuery, GetComparisonResultsQuery, ListComparisonsQuery } from '../queries/comparison.queries.js';
import {
  CauseAnalysisDto,
  ConsultationDto,
  CorrectionDecisionDto,
  CorrectionRequestDto,
  CorrectiveActionDto,
  DraftBDto,
  FollowUpClosureDto,
  ListComparisonsQueryDto,
  ProposeComparisonDto,
  ProtocolDto,
  ReportedResultDto,
  StabilityCheckDto,
} from './comparison-steps.dto.js';
import { freshId } from '../../shared/fresh-ids.js';

const id = () => new ParseUUIDPipe();

/**
 * 比对: the comparison process over HTTP. The organiser (secretariat) proposes, approves, approves
 * the report, publishes and closes follow-ups; the pilot institution drafts the protocol, checks the
 * transfer standard, runs the circulation, decides corrections and issues Drafts A and B; each
 * participant institution answers the consultation, records custody of the transfer standard,
 * submits its own result and, if unsatisfactory, its follow-up. Each step answers 200 with the new
 * status and the events recorded; a step the process does not allow now answers 409 naming the rule,
 * a comparison the caller has no part in answers 404.
 */
@ApiTags('comparisons (计量比对)')
@ApiBearerAuth()
@Controller('api/v1/comparisons')
export class ComparisonsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  private act(step: ComparisonCommand, actor: Actor, role: Role, request: Request): Promise<ComparisonStepResult> {
    return this.commandBus.execute(new ActOnComparisonCommand(step, commandContextOf(request, actor, role)));
  }

  @Post()
  @HttpCode(201)
  @Permission('comparisons.propose')
  @ApiOperation({ summary: 'Propose a comparison: title, measurand, the pilot institution and the participants' })
  async propose(@Body() body: ProposeComparisonDto, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<ComparisonStepResult> {
    const comparisonId = freshId();
    const result = await this.act(
      {
        type: 'ProposeComparison',
        comparisonId,
        title: body.title,
        measurand: body.measurand,
        pilotInstitutionId: body.pilotInstitutionId,
        participants: [...body.participants],
        ...(body.standards ? { standards: body.standards.map((s) => ({ institutionId: s.institutionId, standardId: s.standardId })) } : {}),
      },
      actor,
      'secretariat',
      req,
    );
    res.location(`/api/v1/comparisons/${comparisonId}`);
    return result;
  }

  @Get()
  @Permission('comparisons.list')
  @ApiOperation({ summary: 'The comparisons the caller sees (the authority all; an institution those it pilots or takes part in), by status' })
  list(@CurrentActor() actor: Actor, @Query() query: ListComparisonsQueryDto): Promise<ComparisonRecord[]> {
    return this.queryBus.execute(new ListComparisonsQuery(actor, query.status));
  }

  @Get(':comparisonId')
  @Permission('comparisons.read')
  @ApiOperation({ summary: 'One comparison; other labs’ results hidden before Draft A, Draft A confidential to the participants' })
  get(@Param('comparisonId', id()) comparisonId: string, @CurrentActor() actor: Actor): Promise<ComparisonRecord> {
    return this.queryBus.execute(new GetComparisonQuery(comparisonId, actor));
  }

  @Get(':comparisonId/circulation')
  @Permission('comparisons.read')
  @ApiOperation({ summary: 'The circulation board: where the transfer standard is and which legs are late (by the China calendar day)' })
  circulation(@Param('comparisonId', id()) comparisonId: string, @CurrentActor() actor: Actor): Promise<CirculationBoard> {
    return this.queryBus.execute(new GetCirculationBoardQuery(comparisonId, actor));
  }

  @Get(':comparisonId/results')
  @Permission('comparisons.read')
  @ApiOperation({ summary: 'The reference value, each lab’s En, and a chart series (value ± U per lab, reference band), from Draft A on' })
  results(@Param('comparisonId', id()) comparisonId: string, @CurrentActor() actor: Actor): Promise<ComparisonResultsTable> {
    return this.queryBus.execute(new GetComparisonResultsQuery(comparisonId, actor));
  }

  @Post(':comparisonId/approval')
  @HttpCode(200)
  @Permission('comparisons.approve')
  @ApiOperation({ summary: 'The organiser approves the proposed comparison' })
  approve(@Param('comparisonId', id()) comparisonId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'ApproveComparison', comparisonId }, actor, 'secretariat', req);
  }

  @Post(':comparisonId/protocol')
  @HttpCode(200)
  @Permission('comparisons.draft-protocol')
  @ApiOperation({ summary: 'The pilot drafts (or, after objections, redrafts) the protocol (比对实施方案); every participant is consulted on it' })
  draftProtocol(@Param('comparisonId', id()) comparisonId: string, @Body() body: ProtocolDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const protocol = {
      measurand: body.measurand,
      unit: body.unit,
      transferStandard: { name: body.transferStandard.name, id: body.transferStandard.id },
      scheme: body.scheme,
      legs: body.legs.map(({ participant, dueDate }) => ({ participant, dueDate })),
      referenceMethod: body.referenceMethod,
      ...(body.outlierScreening !== undefined ? { outlierScreening: body.outlierScreening } : {}),
      ...(body.transferStandardUncertainty !== undefined ? { transferStandardUncertainty: body.transferStandardUncertainty } : {}),
    };
    return this.act({ type: 'DraftProtocol', comparisonId, protocol }, actor, 'institution', req);
  }

  @Post(':comparisonId/consultations')
  @HttpCode(200)
  @Permission('comparisons.consult')
  @ApiOperation({ summary: 'A participant agrees the whole protocol or objects with reasons; agreed when every participant has agreed' })
  consult(@Param('comparisonId', id()) comparisonId: string, @Body() body: ConsultationDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'ConsultProtocol', comparisonId, agreed: body.agreed, ...(body.objections ? { objections: [...body.objections] } : {}) }, actor, 'institution', req);
  }

  @Post(':comparisonId/pre-test')
  @HttpCode(200)
  @Permission('comparisons.record-stability-check')
  @ApiOperation({ summary: 'The pilot records the pre-test (预实验) of the transfer standard’s stability; stable: PRE_TESTED' })
  preTest(@Param('comparisonId', id()) comparisonId: string, @Body() body: StabilityCheckDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'RecordStabilityCheck', comparisonId, stage: 'PRE_TEST', stable: body.stable, summary: body.summary }, actor, 'institution', req);
  }

  @Post(':comparisonId/stability-checks')
  @HttpCode(200)
  @Permission('comparisons.record-stability-check')
  @ApiOperation({ summary: 'The pilot records a stability check between legs of a star scheme (required before the next leg)' })
  stabilityCheck(@Param('comparisonId', id()) comparisonId: string, @Body() body: StabilityCheckDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'RecordStabilityCheck', comparisonId, stage: 'BETWEEN_LEGS', stable: body.stable, summary: body.summary }, actor, 'institution', req);
  }

  @Post(':comparisonId/circulation')
  @HttpCode(200)
  @Permission('comparisons.start-circulation')
  @ApiOperation({ summary: 'The pilot starts the circulation; the transfer standard is with the pilot' })
  startCirculation(@Param('comparisonId', id()) comparisonId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'StartCirculation', comparisonId }, actor, 'institution', req);
  }

  @Post(':comparisonId/handovers')
  @HttpCode(200)
  @Permission('comparisons.record-custody')
  @ApiOperation({ summary: 'The holder hands the transfer standard on, to the next leg (ring) or back to the pilot (star, or the last leg)' })
  handOver(@Param('comparisonId', id()) comparisonId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'HandOverTransferStandard', comparisonId }, actor, 'institution', req);
  }

  @Post(':comparisonId/receipts')
  @HttpCode(200)
  @Permission('comparisons.record-custody')
  @ApiOperation({ summary: 'The institution the transfer standard was sent to records its receipt' })
  receive(@Param('comparisonId', id()) comparisonId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'ReceiveTransferStandard', comparisonId }, actor, 'institution', req);
  }

  @Post(':comparisonId/results')
  @HttpCode(200)
  @Permission('comparisons.submit-result')
  @ApiOperation({ summary: 'A lab submits its own result (value, U, k, unit); locked on submission; all in: RESULTS_LOCKED' })
  submitResult(@Param('comparisonId', id()) comparisonId: string, @Body() body: ReportedResultDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const result = { value: body.value, expandedUncertainty: body.expandedUncertainty, coverageFactor: body.coverageFactor, unit: body.unit };
    return this.act({ type: 'SubmitResult', comparisonId, result }, actor, 'institution', req);
  }

  @Post(':comparisonId/correction-requests')
  @HttpCode(200)
  @Permission('comparisons.request-correction')
  @ApiOperation({ summary: 'A lab requests, in writing and with reasons, the correction of its locked result; only before Draft A' })
  requestCorrection(@Param('comparisonId', id()) comparisonId: string, @Body() body: CorrectionRequestDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const c = body.corrected;
    const corrected = { value: c.value, expandedUncertainty: c.expandedUncertainty, coverageFactor: c.coverageFactor, unit: c.unit };
    return this.act({ type: 'RequestCorrection', comparisonId, reasons: body.reasons, corrected }, actor, 'institution', req);
  }

  @Post(':comparisonId/correction-decisions')
  @HttpCode(200)
  @Permission('comparisons.decide-correction')
  @ApiOperation({ summary: 'The pilot accepts or rejects a participant’s correction request with reasons (the organiser decides the pilot’s own); only before Draft A' })
  decideCorrection(@Param('comparisonId', id()) comparisonId: string, @Body() body: CorrectionDecisionDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const role: Role = actor.roles.includes('institution') && actor.institutionId ? 'institution' : 'secretariat';
    return this.act({ type: 'DecideCorrection', comparisonId, lab: body.lab, decision: body.decision, reasons: body.reasons }, actor, role, req);
  }

  @Post(':comparisonId/draft-a')
  @HttpCode(200)
  @Permission('comparisons.issue-draft-a')
  @ApiOperation({ summary: 'The pilot issues Draft A: the reference value and each En computed from the locked results by the protocol’s method, confidential to the participants' })
  issueDraftA(@Param('comparisonId', id()) comparisonId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'IssueDraftA', comparisonId }, actor, 'institution', req);
  }

  @Post(':comparisonId/draft-b')
  @HttpCode(200)
  @Permission('comparisons.issue-draft-b')
  @ApiOperation({ summary: 'The pilot issues Draft B for the organiser’s approval' })
  issueDraftB(@Param('comparisonId', id()) comparisonId: string, @Body() body: DraftBDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'IssueDraftB', comparisonId, summary: body.summary }, actor, 'institution', req);
  }

  @Post(':comparisonId/report-approval')
  @HttpCode(200)
  @Permission('comparisons.approve-report')
  @ApiOperation({ summary: 'The organiser approves the report (Draft B)' })
  approveReport(@Param('comparisonId', id()) comparisonId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'ApproveReport', comparisonId }, actor, 'secretariat', req);
  }

  @Post(':comparisonId/publication')
  @HttpCode(200)
  @Permission('comparisons.publish')
  @ApiOperation({ summary: 'The organiser publishes the report; each lab with |En| > 1 gets a follow-up' })
  publish(@Param('comparisonId', id()) comparisonId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'PublishReport', comparisonId }, actor, 'secretariat', req);
  }

  @Post(':comparisonId/follow-up/cause-analysis')
  @HttpCode(200)
  @Permission('comparisons.record-follow-up')
  @ApiOperation({ summary: 'An unsatisfactory lab records the cause analysis of its result' })
  causeAnalysis(@Param('comparisonId', id()) comparisonId: string, @Body() body: CauseAnalysisDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'RecordCauseAnalysis', comparisonId, analysis: body.analysis }, actor, 'institution', req);
  }

  @Post(':comparisonId/follow-up/corrective-action')
  @HttpCode(200)
  @Permission('comparisons.record-follow-up')
  @ApiOperation({ summary: 'An unsatisfactory lab records its corrective action, and whether it measures again in a re-comparison' })
  correctiveAction(@Param('comparisonId', id()) comparisonId: string, @Body() body: CorrectiveActionDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'RecordCorrectiveAction', comparisonId, action: body.action, reComparison: body.reComparison }, actor, 'institution', req);
  }

  @Post(':comparisonId/follow-up-closures')
  @HttpCode(200)
  @Permission('comparisons.close-follow-up')
  @ApiOperation({ summary: 'The organiser closes a lab’s follow-up once its cause analysis and corrective action are recorded' })
  closeFollowUp(@Param('comparisonId', id()) comparisonId: string, @Body() body: FollowUpClosureDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'CloseFollowUp', comparisonId, lab: body.lab, summary: body.summary }, actor, 'secretariat', req);
  }
}
