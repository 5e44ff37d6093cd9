import type { ComparisonEvent } from '../../../events/comparison.events.js';
import type { Folding } from '../../event-store/event-sourced-command.js';
import { evolveComparison, initialComparisonState, type ComparisonState } from './comparison.js';

export const comparisonFolding: Folding<ComparisonState, ComparisonEvent> = {
  initial: initialComparisonState,
  evolve: evolveComparison,
};
