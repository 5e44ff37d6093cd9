import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnStream, loadState } from '../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { STANDARDS_REGISTRY, type StandardRegistryView } from '../../standards/projections/standards-registry.projection.js';
import type { StandardHolders } from '../domain/compared-standards.js';
import { comparisonStreamId, decideComparison, type ComparisonState } from '../domain/comparison.js';
import { comparisonFolding } from '../domain/comparison.folding.js';
import { ActOnComparisonCommand, type ComparisonStepResult } from './act-on-comparison.command.js';
import { takeFresh } from '../../shared/fresh-ids.js';

/** An institution that neither pilots nor takes part in a comparison finds no such comparison. */
function hiddenFrom(state: ComparisonState, role: string, institutionId: string | undefined): boolean {
  if (state.status === 'NONE') return true;
  if (role !== 'institution') return false;
  return institutionId === undefined || (institutionId !== state.pilotInstitutionId && !state.participants!.includes(institutionId));
}

/** Load the comparison, decide the step with the time and the actor, append with the expected revision. */
@CommandHandler(ActOnComparisonCommand)
export class ActOnComparisonHandler implements ICommandHandler<ActOnComparisonCommand, ComparisonStepResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ step, context, asOf }: ActOnComparisonCommand): Promise<ComparisonStepResult> {
    const streamId = comparisonStreamId(step.comparisonId);
    const standardHolders = step.type === 'ProposeComparison' && step.standards?.length ? await this.holdersOf(step.standards.map((s) => s.standardId)) : undefined;
    const outcome = await executeOnStream(this.store, streamId, comparisonFolding, context, (current) => {
      if (step.type !== 'ProposeComparison' && hiddenFrom(current, context.role, context.institutionId)) {
        throw new NotFoundError({ en: `No comparison ${step.comparisonId}.`, 'zh-CN': `不存在比对 ${step.comparisonId}。` });
      }
      return decideComparison(step, current, { now: asOf ?? this.clock.now(), actorRole: context.role, actorInstitutionId: context.institutionId, ...(standardHolders ? { standardHolders } : {}) });
    }, undefined, { newStream: step.type === 'ProposeComparison' && takeFresh(step.comparisonId) });
    const after = outcome.state ?? (await loadState(this.store, streamId, comparisonFolding)).state;
    return {
      comparisonId: step.comparisonId,
      status: after.status,
      recorded: outcome.events.map((e) => ({ type: e.type, globalPosition: e.globalPosition })),
      alreadyRecorded: outcome.alreadyRecorded,
    };
  }

  /** The holder of each named standard, from the standards registry read model (计量标准档案); unknown ids are left out. */
  private async holdersOf(standardIds: string[]): Promise<StandardHolders> {
    const holders: Record<string, string> = {};
    for (const id of new Set(standardIds)) {
      const row = await this.store.getDocument<StandardRegistryView>(STANDARDS_REGISTRY, id);
      if (row) holders[id] = row.institutionId;
    }
    return holders;
  }
}
