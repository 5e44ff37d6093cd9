import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../shared/command-context.js';
import type { ComparisonCommand, ComparisonStatus } from '../domain/comparison.js';

export interface ComparisonStepResult {
  comparisonId: string;
  status: ComparisonStatus;
  /** Type and global position of each event the step recorded. */
  recorded: { type: string; globalPosition: number }[];
  alreadyRecorded: boolean;
}

/** Any step of a comparison (比对), its proposal included, by whoever the permission matrix let through. */
export class ActOnComparisonCommand extends Command<ComparisonStepResult> {
  constructor(
    readonly step: ComparisonCommand,
    readonly context: CommandContext,
    /** The time the step is decided as of: a workflow's timer step passes the time its timer fired; otherwise the clock's. */
    readonly asOf?: Date,
  ) {
    super();
  }
}
