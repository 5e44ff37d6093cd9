import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor, Role } from '../../identity/roles.js';
import { commandContextOf } from '../../http/request-context.js';
import { ActOnAssessmentCaseCommand, type CaseStep, type CaseStepResult } from '../commands/act-on-case.command.js';
import { ResubmissionDto } from './resubmission.dto.js';
import { AssignAssessorsDto, ConclusionDto, DecisionDto, DecisionExtensionDto, RectificationDto, RectificationRequestDto, StartEvaluationDto, SupplementRequestDto } from './case-steps.dto.js';

/**
 * Every role's step on an assessment case after its submission. Each answers 200 with the case's
 * new status and the events recorded; a step the process does not allow now answers 409 with the
 * rule that refused it.
 */
@ApiTags('assessment cases (计量标准考核)')
@ApiBearerAuth()
@Controller('api/v1/assessment-cases/:caseId')
export class CaseStepsController {
  constructor(private readonly commandBus: CommandBus) {}

  private act(step: CaseStep, actor: Actor, role: Role, request: Request, onBehalfOfInstitution?: string): Promise<CaseStepResult> {
    return this.commandBus.execute(new ActOnAssessmentCaseCommand(step, commandContextOf(request, actor, role), onBehalfOfInstitution));
  }

  @Post('supplement-requests')
  @HttpCode(200)
  @Permission('assessment-cases.request-supplement')
  @ApiOperation({ summary: 'Send the one supplement notice (补正通知) listing everything missing, within the acceptance window' })
  requestSupplement(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: SupplementRequestDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'RequestSupplement', caseId, missing: body.missing }, actor, 'secretariat', req);
  }

  @Post('resubmissions')
  @HttpCode(200)
  @Permission('assessment-cases.resubmit')
  @ApiOperation({ summary: 'Resubmit the application after a supplement notice, optionally with the documents it asked for; a new acceptance window opens' })
  resubmit(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: ResubmissionDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'ResubmitApplication', caseId, documents: body.documents ?? [] }, actor, 'institution', req, actor.institutionId ?? '');
  }

  @Post('acceptance')
  @HttpCode(200)
  @Permission('assessment-cases.accept')
  @ApiOperation({ summary: 'Accept the application (受理)' })
  accept(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'AcceptApplication', caseId }, actor, 'secretariat', req);
  }

  @Post('assessors')
  @HttpCode(200)
  @Permission('assessment-cases.assign-assessors')
  @ApiOperation({ summary: 'Assign one or two assessors (考评员); the conflict-of-interest rule (回避) may refuse each' })
  assign(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: AssignAssessorsDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'AssignAssessors', caseId, assessors: body.assessors.map(({ expertId, discipline }) => ({ expertId, discipline })) }, actor, 'secretariat', req);
  }

  @Post('evaluation')
  @HttpCode(200)
  @Permission('assessment-cases.start-evaluation')
  @ApiOperation({ summary: 'Start the evaluation: on site (现场考评) or by document review (书面审查)' })
  startEvaluation(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: StartEvaluationDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'StartEvaluation', caseId, mode: body.mode }, actor, 'secretariat', req);
  }

  @Post('rectification-requests')
  @HttpCode(200)
  @Permission('assessment-cases.request-rectification')
  @ApiOperation({ summary: 'An assigned assessor lists the nonconformities; the rectification (整改) deadline starts' })
  requestRectification(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: RectificationRequestDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const nonconformities = body.nonconformities.map(({ clause, finding }) => ({ clause, finding }));
    return this.act({ type: 'RequestRectification', caseId, nonconformities }, actor, 'expert', req);
  }

  @Post('rectifications')
  @HttpCode(200)
  @Permission('assessment-cases.submit-rectification')
  @ApiOperation({ summary: 'The applicant submits its rectification with evidence, before the deadline' })
  submitRectification(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: RectificationDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'SubmitRectification', caseId, evidence: body.evidence }, actor, 'institution', req, actor.institutionId ?? '');
  }

  @Post('rectification-confirmations')
  @HttpCode(200)
  @Permission('assessment-cases.confirm-rectification')
  @ApiOperation({ summary: 'An assigned assessor confirms the rectification; the evaluation resumes' })
  confirmRectification(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'ConfirmRectification', caseId }, actor, 'expert', req);
  }

  @Post('conclusions')
  @HttpCode(200)
  @Permission('assessment-cases.conclude-evaluation')
  @ApiOperation({ summary: 'An assigned assessor concludes the evaluation: pass or fail' })
  conclude(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: ConclusionDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'ConcludeEvaluation', caseId, outcome: body.outcome, summary: body.summary }, actor, 'expert', req);
  }

  @Post('decision-extensions')
  @HttpCode(200)
  @Permission('assessment-cases.extend-decision-limit')
  @ApiOperation({ summary: 'Extend the decision limit once (by 10 working days by default), before it runs out, with reasons (延长审批期限)' })
  extendDecisionLimit(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: DecisionExtensionDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'ExtendDecisionLimit', caseId, reasons: body.reasons }, actor, 'secretariat', req);
  }

  @Post('decisions')
  @HttpCode(200)
  @Permission('assessment-cases.decide')
  @ApiOperation({ summary: 'Approve (certificate issued, 计量标准考核证书) or refuse with the main reasons' })
  decide(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: DecisionDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.act({ type: 'DecideCase', caseId, decision: body.decision, reasons: body.reasons, certificateNo: body.certificateNo }, actor, 'secretariat', req);
  }
}
