import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../shared/command-context.js';

/**
 * 视为受理: the acceptance time limit ran out with no supplement notice, so the application
 * counts as accepted. Sent by the case's workflow when its timer fires.
 */
export class DeemApplicationAcceptedCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    readonly caseId: string,
    /** The instant the decision is taken as of: when the workflow's timer fired. */
    readonly asOf: Date,
    readonly context: CommandContext,
  ) {
    super();
  }
}
