import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor } from '../../identity/roles.js';
import { commandContextOf } from '../../http/request-context.js';
import { ActOnAssessmentCaseCommand, type CaseStepResult } from '../commands/act-on-case.command.js';
import type { TechnicalCheckData } from '../domain/technical-check-recording.js';
import { RepeatabilityDto, StabilityDto, UncertaintyBudgetDto, VerificationOfResultsDto } from './technical-checks.dto.js';

const DESCRIPTION =
  'Recorded by the applicant institution from submission until the evaluation ends, or by an assigned assessor during the evaluation and rectification; ' +
  'the event carries the inputs, the formula and the result. Data a rule of the computation refuses answers 422 with the rule; a step not allowed now, 409.';

/**
 * The technical checks of a case (技术考核): each route takes the data of one check, which the
 * case's decider computes and records with its inputs and formula. Answers 200 with the case's
 * status and the event recorded, like every other step on a case.
 */
@ApiTags('assessment cases (计量标准考核)')
@ApiBearerAuth()
@Controller('api/v1/assessment-cases/:caseId/technical-checks')
export class TechnicalChecksController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * An actor with the institution role acts as the applicant (another institution's case answers
   * 404); otherwise as an expert, whom the decider holds to the case's assigned assessors.
   */
  private record(caseId: string, data: TechnicalCheckData, actor: Actor, request: Request): Promise<CaseStepResult> {
    const asApplicant = actor.roles.includes('institution');
    return this.commandBus.execute(
      new ActOnAssessmentCaseCommand(
        { type: 'RecordTechnicalCheck', caseId, data },
        commandContextOf(request, actor, asApplicant ? 'institution' : 'expert'),
        asApplicant ? (actor.institutionId ?? '') : undefined,
      ),
    );
  }

  @Post('repeatability')
  @HttpCode(200)
  @Permission('assessment-cases.record-technical-check')
  @ApiOperation({ summary: 'Record a repeatability check (重复性): s of n ≥ 10 readings against the declared component', description: DESCRIPTION })
  repeatability(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: RepeatabilityDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const input = {
      readings: { values: [...body.readings.values], unit: body.readings.unit },
      declaredComponent: { value: body.declaredComponent.value, unit: body.declaredComponent.unit },
    };
    return this.record(caseId, { check: 'REPEATABILITY', input }, actor, req);
  }

  @Post('stability')
  @HttpCode(200)
  @Permission('assessment-cases.record-technical-check')
  @ApiOperation({ summary: 'Record a stability check (稳定性): the spread of m ≥ 4 group means taken more than a month apart', description: DESCRIPTION })
  stability(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: StabilityDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const input = {
      groups: body.groups.map((g) => ({ takenOn: g.takenOn, readings: [...g.readings] })),
      unit: body.unit,
      criterion: { kind: body.criterion.kind, value: body.criterion.value, unit: body.criterion.unit },
      ...(body.minReadingsPerGroup !== undefined ? { minReadingsPerGroup: body.minReadingsPerGroup } : {}),
    };
    return this.record(caseId, { check: 'STABILITY', input }, actor, req);
  }

  @Post('uncertainty-budget')
  @HttpCode(200)
  @Permission('assessment-cases.record-technical-check')
  @ApiOperation({ summary: 'Record an uncertainty budget (测量不确定度): u_c = sqrt(Σ(c_i·u_i)²), U = k·u_c', description: DESCRIPTION })
  uncertaintyBudget(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: UncertaintyBudgetDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const input = {
      components: body.components.map((c) => ({
        name: c.name,
        u: { value: c.u.value, unit: c.u.unit },
        ...(c.c !== undefined ? { c: c.c } : {}),
        contributionUnit: c.contributionUnit,
      })),
      ...(body.k !== undefined ? { k: body.k } : {}),
    };
    return this.record(caseId, { check: 'UNCERTAINTY_BUDGET', input }, actor, req);
  }

  @Post('verification-of-results')
  @HttpCode(200)
  @Permission('assessment-cases.record-technical-check')
  @ApiOperation({ summary: 'Record a verification of results (测量结果的验证): |y_lab − y_ref| ≤ sqrt(U_lab² + U_ref²)', description: DESCRIPTION })
  verificationOfResults(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: VerificationOfResultsDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    const quantity = (q: { value: number; unit: string }) => ({ value: q.value, unit: q.unit });
    const input = {
      lab: { y: quantity(body.lab.y), U: quantity(body.lab.U) },
      reference: { y: quantity(body.reference.y), U: quantity(body.reference.U) },
    };
    return this.record(caseId, { check: 'VERIFICATION_OF_RESULTS', input }, actor, req);
  }
}
