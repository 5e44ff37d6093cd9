import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SpecificationEvent } from '../../../events/specification.events.js';
import { executeOnStream, loadState, type Folding } from '../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { DEFAULT_SPECIFICATION_POLICY } from '../domain/specification-policy.js';
import {
  decideSpecificationProject,
  evolveSpecificationProject,
  initialSpecificationProjectState,
  type SpecificationProjectState,
} from '../domain/specification-project.js';
import { SPECIFICATIONS, type SpecificationRecord } from '../projections/specifications.projection.js';
import { ActOnSpecificationCommand, type SpecificationStepResult } from './act-on-specification.command.js';

export const specificationStreamId = (projectId: string): string => `specification-${projectId}`;

export const specificationFolding: Folding<SpecificationProjectState, SpecificationEvent> = {
  initial: initialSpecificationProjectState,
  evolve: evolveSpecificationProject,
};

/**
 * Load the project, decide the step with the clock, the built-in policy and the numbers already
 * published (from the read model), append with the expected revision.
 */
@CommandHandler(ActOnSpecificationCommand)
export class ActOnSpecificationHandler implements ICommandHandler<ActOnSpecificationCommand, SpecificationStepResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ step, context }: ActOnSpecificationCommand): Promise<SpecificationStepResult> {
    const streamId = specificationStreamId(step.projectId);
    const policy = DEFAULT_SPECIFICATION_POLICY;
    const publishedNumbers = step.type === 'Publish' ? await this.publishedNumbers() : undefined;
    const outcome = await executeOnStream(
      this.store,
      streamId,
      specificationFolding,
      context,
      (current) => {
        if (step.type !== 'Propose' && current.status === 'NONE') {
          throw new NotFoundError({ en: `No specification project ${step.projectId}.`, 'zh-CN': `不存在规范制修订项目 ${step.projectId}。` });
        }
        return decideSpecificationProject(step, current, { now: this.clock.now(), policy, ...(publishedNumbers ? { publishedNumbers } : {}) });
      },
      policy.version,
    );
    const after = outcome.state ?? (await loadState(this.store, streamId, specificationFolding)).state;
    return {
      projectId: step.projectId,
      status: after.status,
      recorded: outcome.events.map((e) => ({ type: e.type, globalPosition: e.globalPosition })),
      alreadyRecorded: outcome.alreadyRecorded,
    };
  }

  private async publishedNumbers(): Promise<ReadonlySet<string>> {
    const all = await this.store.listDocuments<SpecificationRecord>(SPECIFICATIONS);
    return new Set(all.flatMap((r) => (r.number ? [r.number] : [])));
  }
}
