import { Inject } from '@nestjs/common';
import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { WORKING_DAY_CALENDAR } from '../../calendar/calendar.tokens.js';
import type { WorkingDayCalendar } from '../../calendar/working-days.js';
import { executeOnStream, loadState } from '../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { CheckConflictQuery } from '../../identity/registry/queries/check-conflict.query.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import type { ApplicationSubmittedV1 } from '../../../events/assessment.events.js';
import type { AssessmentPolicy } from '../domain/assessment-policy.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { assessmentStreamId, decideAssessment, type AssessmentCommand, type ProposedAssessor } from '../domain/assessment-case.js';
import { assessmentCaseFolding } from '../domain/assessment-case.folding.js';
import { casePolicy } from '../policy/case-policy.js';
import { ASSESSMENT_POLICIES, type PolicyRegistry } from '../policy/policy-registry.js';
import { ActOnAssessmentCaseCommand, type CaseStep, type CaseStepResult } from './act-on-case.command.js';
import { knownDocumentsOrRefuse, ResolveDocumentsQuery } from '../../documents/queries/resolve-documents.query.js';

/** Load the case, decide the step with the time, the calendar, the policy and the actor, append. */
const CASE_FACTS_KEPT = 10_000;

@CommandHandler(ActOnAssessmentCaseCommand)
export class ActOnAssessmentCaseHandler implements ICommandHandler<ActOnAssessmentCaseCommand, CaseStepResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDayCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly queryBus: QueryBus,
    @Inject(ASSESSMENT_POLICIES) private readonly policies: PolicyRegistry,
  ) {}

  private readonly facts = new Map<string, { institutionId: string; policy: AssessmentPolicy }>();

  async execute({ step, context, onBehalfOfInstitution, asOf }: ActOnAssessmentCaseCommand): Promise<CaseStepResult> {
    const streamId = assessmentStreamId(step.caseId);
    const facts = await this.caseFacts(step.caseId);
    if (!facts || (onBehalfOfInstitution !== undefined && facts.institutionId !== onBehalfOfInstitution)) {
      throw new NotFoundError({ en: `No assessment case ${step.caseId}.`, 'zh-CN': `不存在考核案件 ${step.caseId}。` });
    }
    const command = await this.commandFor(step, facts.institutionId);
    const { policy } = facts;
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

  /**
   * What never changes in a case once submitted: the applicant and the governing policy, from its
   * first event. Kept for the most recent cases, which saves a read on every step.
   */
  private async caseFacts(caseId: string): Promise<{ institutionId: string; policy: AssessmentPolicy } | undefined> {
    const known = this.facts.get(caseId);
    if (known) return known;
    const [first] = await this.store.readStream(assessmentStreamId(caseId), { maxCount: 1 });
    if (!first) return undefined;
    const institutionId = (first.data as ApplicationSubmittedV1).institutionId;
    const policy = (await casePolicy(this.store, this.policies, caseId, first))!;
    if (this.facts.size >= CASE_FACTS_KEPT) this.facts.delete(this.facts.keys().next().value!);
    const facts = { institutionId, policy };
    this.facts.set(caseId, facts);
    return facts;
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
