import { Injectable } from '@nestjs/common';
import type { ComparisonEvent } from '../../../events/comparison.events.js';
import type { DocumentTransaction, RecordedEvent } from '../../event-store/event-store.port.js';
import type { Projection } from '../../event-store/subscription.js';
import { evolveComparison, initialComparisonState, type ComparisonState, type ComparisonStatus } from '../domain/comparison.js';

export const COMPARISONS = 'comparisons';

/**
 * The read model of one comparison: its whole state as the events fold it (the decider's own
 * evolve, so the read model and the rules cannot disagree), with the position of the last event.
 * It holds everything, confidential results included; the queries decide who sees what.
 */
export interface ComparisonRecord extends Omit<ComparisonState, 'status'> {
  comparisonId: string;
  status: Exclude<ComparisonStatus, 'NONE'>;
  /** Global position of the last event applied; lets a client wait for its own write. */
  lastPosition: number;
  updatedAt: string;
}

@Injectable()
export class ComparisonsProjection implements Projection {
  readonly name = 'projection:comparisons';
  readonly collections = [COMPARISONS];

  handles(recorded: RecordedEvent): boolean {
    return recorded.type.startsWith('comparisons.comparison.');
  }

  async apply(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    if (!this.handles(recorded)) return;
    const event = { type: recorded.type, data: recorded.data } as ComparisonEvent;
    const comparisonId = event.data.comparisonId;
    const before = await tx.get<ComparisonRecord>(COMPARISONS, comparisonId);
    const { lastPosition: _position, updatedAt: _updated, ...state } = before ?? { ...initialComparisonState, lastPosition: 0, updatedAt: '' };
    const after = evolveComparison(state as ComparisonState, event);
    await tx.put<ComparisonRecord>(COMPARISONS, comparisonId, {
      ...(after as ComparisonRecord),
      lastPosition: recorded.globalPosition,
      updatedAt: recorded.recordedAt,
    });
  }
}
