import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SpecificationEvent } from '../../../events/specification.events.js';
import { chinaDate } from '../../calendar/working-days.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { executeOnStream, loadState, type Folding } from '../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { checkAssignment, DEFAULT_CONFLICT_OF_INTEREST_POLICY } from '../../identity/registry/domain/conflict-of-interest.js';
import { expertStreamId } from '../../identity/registry/domain/expert.js';
import { expertFolding } from '../../identity/registry/domain/registry.folding.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { NotFoundError, type LocalizedText } from '../../shared/domain-error.js';
import type { SpecificationPolicy } from '../domain/specification-policy.js';
import {
  decideSpecificationProject,
  evolveSpecificationProject,
  initialSpecificationProjectState,
  type SpecificationProjectCommand,
  type SpecificationProjectState,
} from '../domain/specification-project.js';
import { SPECIFICATION_POLICIES, type SpecificationPolicyRegistry } from '../policy/specification-policy-registry.js';
import { SPECIFICATIONS, type SpecificationRecord } from '../projections/specifications.projection.js';
import { ActOnSpecificationCommand, type SpecificationStepResult } from './act-on-specification.command.js';
import { takeFresh } from '../../shared/fresh-ids.js';

export const specificationStreamId = (projectId: string): string => `specification-${projectId}`;

export const specificationFolding: Folding<SpecificationProjectState, SpecificationEvent> = {
  initial: initialSpecificationProjectState,
  evolve: evolveSpecificationProject,
};

const unknownProject = (projectId: string) => new NotFoundError({ en: `No specification project ${projectId}.`, 'zh-CN': `不存在规范制修订项目 ${projectId}。` });

/**
 * Load the project, decide the step as of the clock (or the moment a workflow's timer fired) under
 * the policy version the project recorded at its proposal (a new project takes the version in
 * effect for the jurisdiction that day), with what the rules need from elsewhere: the numbers
 * already published (read model) for a publication, the registry's conflicts of interest of the
 * committee for a meeting. Append with the expected revision.
 */
@CommandHandler(ActOnSpecificationCommand)
export class ActOnSpecificationHandler implements ICommandHandler<ActOnSpecificationCommand, SpecificationStepResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SPECIFICATION_POLICIES) private readonly policies: SpecificationPolicyRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ step, context, asOf }: ActOnSpecificationCommand): Promise<SpecificationStepResult> {
    const streamId = specificationStreamId(step.projectId);
    const now = asOf ?? this.clock.now();
    const policy = await this.policyFor(step, streamId, now);
    const publishedNumbers = step.type === 'Publish' ? await this.publishedNumbers() : undefined;
    const conflictedMembers =
      step.type === 'HoldReviewMeeting' ? await this.conflictedMembers(step.members, (await loadState(this.store, streamId, specificationFolding)).state, chinaDate(now)) : undefined;
    const outcome = await executeOnStream(
      this.store,
      streamId,
      specificationFolding,
      context,
      (current) => {
        if (step.type !== 'Propose' && current.status === 'NONE') throw unknownProject(step.projectId);
        return decideSpecificationProject(step, current, {
          now,
          policy,
          actorId: context.actorId,
          actorRole: context.role,
          ...(publishedNumbers ? { publishedNumbers } : {}),
          ...(conflictedMembers ? { conflictedMembers } : {}),
        });
      },
      policy.version,
      { newStream: step.type === 'Propose' && takeFresh(step.projectId) },
    );
    const after = outcome.state ?? (await loadState(this.store, streamId, specificationFolding)).state;
    return {
      projectId: step.projectId,
      status: after.status,
      recorded: outcome.events.map((e) => ({ type: e.type, globalPosition: e.globalPosition })),
      alreadyRecorded: outcome.alreadyRecorded,
    };
  }

  /** The version recorded with the proposal governs the project to its end. */
  private async policyFor(step: SpecificationProjectCommand, streamId: string, now: Date): Promise<SpecificationPolicy> {
    const [first] = await this.store.readStream(streamId, { maxCount: 1 });
    if (!first) {
      if (step.type !== 'Propose') throw unknownProject(step.projectId);
      return this.policies.forNewProject(this.config.jurisdiction, chinaDate(now));
    }
    const version = first.metadata.policyVersion;
    if (!version) throw new Error(`specification project ${step.projectId} recorded no policy version`);
    return this.policies.byVersion(version);
  }

  private async publishedNumbers(): Promise<ReadonlySet<string>> {
    const all = await this.store.listDocuments<SpecificationRecord>(SPECIFICATIONS);
    return new Set(all.flatMap((r) => (r.number ? [r.number] : [])));
  }

  /**
   * 回避 from the registry: committee members who belong to the drafting institution, left it within
   * the cooling-off period, or declared an interest in it or in this project. Members not in the
   * registry have none recorded. From the experts' streams, not a read model, so that a declaration
   * made just before the meeting counts.
   */
  private async conflictedMembers(members: string[], state: SpecificationProjectState, on: string): Promise<Map<string, LocalizedText>> {
    const conflicts = new Map<string, LocalizedText>();
    const drafter = state.drafterInstitutionId;
    if (!drafter || !Array.isArray(members)) return conflicts;
    for (const expertId of new Set(members.filter((m) => typeof m === 'string'))) {
      const { state: expert } = await loadState(this.store, expertStreamId(expertId), expertFolding);
      if (expert.status === 'NONE') continue;
      const verdict = checkAssignment({ expert, case: { institutionId: drafter, discipline: '', caseId: state.projectId }, on, policy: DEFAULT_CONFLICT_OF_INTEREST_POLICY });
      const refusals = verdict.allowed ? [] : verdict.refusals.filter((r) => r.rule !== 'coi.no-valid-qualification');
      if (refusals.length) conflicts.set(expertId, { en: refusals.map((r) => r.text.en).join(' '), 'zh-CN': refusals.map((r) => r.text['zh-CN']).join('') });
    }
    return conflicts;
  }
}
