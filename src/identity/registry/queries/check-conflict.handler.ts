import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { chinaDate } from '../../../calendar/working-days.js';
import { loadState } from '../../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../../shared/clock.js';
import { checkAssignment, DEFAULT_CONFLICT_OF_INTEREST_POLICY } from '../domain/conflict-of-interest.js';
import { expertNotFound, expertStreamId } from '../domain/expert.js';
import { expertFolding } from '../domain/registry.folding.js';
import { CheckConflictQuery, type ConflictCheckResult } from './check-conflict.query.js';

@QueryHandler(CheckConflictQuery)
export class CheckConflictHandler implements IQueryHandler<CheckConflictQuery, ConflictCheckResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(query: CheckConflictQuery): Promise<ConflictCheckResult> {
    // From the expert's stream rather than the read model: an answer that lags a just-declared
    // interest would let an assignment through.
    const { state } = await loadState(this.store, expertStreamId(query.expertId), expertFolding);
    if (state.status === 'NONE') throw expertNotFound(query.expertId);
    const policy = DEFAULT_CONFLICT_OF_INTEREST_POLICY;
    const on = query.on ?? chinaDate(this.clock.now());
    const verdict = checkAssignment({ expert: state, case: query.assignment, on, policy });
    return { expertId: query.expertId, ...query.assignment, on, policyVersion: policy.version, ...verdict };
  }
}
