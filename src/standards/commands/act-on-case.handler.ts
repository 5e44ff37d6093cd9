import { Inject } from '@nestjs/common';
import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { WORKING_DAY_CALENDAR } from '../../calendar/calendar.tokens.js';
import type { WorkingDayCalendar } from '../../calendar/working-days.js';
import { executeOnStream, loadState } from '../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { CheckConflictQuery } from '../../identity/registry/queries/check-conflict.query.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { assessmentStreamId, decideAssessment, type AssessmentCommand, type ProposedAssessor } from '../domain/assessment-case.js';
import { assessmentCaseFolding } from '../domain/assessment-case.folding.js';
import { casePolicy } from '../policy/case-policy.js';
import { ASSESSMENT_POLICIES, type PolicyRegistry } from '../policy/policy-registry.js';
import { ActOnAssessmentCaseCommand, type CaseStep, type CaseStepResult } from './act-on-case.command.js';
import { knownDocumentsOrRefuse, ResolveDocumentsQuery } from '../../documents/queries/resolve-documents.query.js';

/** Load the case, decide the step with the time, the calendar, the policy and the actor, append. */
@CommandHandler(ActOnAssessmentCaseCommand)
export class ActOnAssessmentCaseHandler implements ICommandHandler<ActOnAssessmentCaseCommand, CaseStepResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDayCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly queryBus: QueryBus,
    @Inject(ASSESSMENT_POLICIES) private readonly policies: PolicyRegistry,
  ) {}

  async execute({ step, context, onBehalfOfInstitution, asOf }: ActOnAssessmentCaseCommand): Promise<CaseStepResult> {
    const streamId = assessmentStreamId(step.caseId);
    const { state } = await loadState(this.store, streamId, assessmentCaseFolding);
    const absent = new NotFoundError({ en: `No assessment case ${step.caseId}.`, 'zh-CN': `不存在考核案件 ${step.caseId}。` });
    if (state.status === 'NONE' || (onBehalfOfInstitution !== undefined && state.institutionId !== onBehalfOfInstitution)) throw absent;
    const command = await this.commandFor(step, state.institutionId!);
    const policy = (await casePolicy(this.store, this.policies, step.caseId))!; // the case exists: checked above
    const outcome = await executeOnStream(
      this.store,
      streamId,
      assessmentCaseFolding,
      context,
      (current) =>
        decideAssessment(command, current, {
          now: asOf ?? this.clock.now(),
          calendar: this.calendar,
          policy,
          actorId: context.actorId,
          actorRole: context.role,
          actorInstitutionId: context.institutionId,
        }),
      policy.version,
    );
    // A replayed command recorded its events earlier: the case may have moved on since, so read it.
    const after = outcome.state ?? (await loadState(this.store, streamId, assessmentCaseFolding)).state;
    return {
      caseId: step.caseId,
      status: after.status,
      recorded: outcome.events.map((e) => ({ type: e.type, globalPosition: e.globalPosition })),
      alreadyRecorded: outcome.alreadyRecorded,
    };
  }

  /** The step as the decider takes it: assessors with the registry's verdicts, documents resolved against the applicant's uploads. */
  private async commandFor(step: CaseStep, institutionId: string): Promise<AssessmentCommand> {
    switch (step.type) {
      case 'AssignAssessors':
        return { ...step, assessors: await this.verdicts(step.assessors, institutionId, step.caseId) };
      case 'ResubmitApplication':
        return { ...step, documents: await this.documents(institutionId, step.documents ?? []) };
      case 'SubmitRectification':
        return { ...step, documents: await this.documents(institutionId, step.evidence) };
      default:
        return step;
    }
  }

  /** Each reference must name a document the applicant uploaded; 422 naming those that do not. */
  private async documents(institutionId: string, references: string[]) {
    if (references.length === 0) return [];
    return knownDocumentsOrRefuse(await this.queryBus.execute(new ResolveDocumentsQuery(institutionId, references)));
  }

  /** The registry's conflict-of-interest verdict on each proposed assessor, for the decider to weigh. */
  private async verdicts(assessors: { expertId: string; discipline: string }[], institutionId: string, caseId: string): Promise<ProposedAssessor[]> {
    return Promise.all(
      assessors.map(async ({ expertId, discipline }) => {
        const verdict = await this.queryBus.execute(new CheckConflictQuery(expertId, { institutionId, discipline, caseId }));
        return { expertId, discipline, refusals: verdict.allowed ? [] : verdict.refusals.map((r) => ({ rule: r.rule, text: r.text })) };
      }),
    );
  }
}
