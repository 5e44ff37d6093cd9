import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../shared/command-context.js';

/**
 * 到期待复查: the certificate issued by the case falls due for re-examination (its last valid day
 * minus the policy's lead months). Sent by the certificate's workflow when its timer fires.
 */
export class MarkRenewalDueCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    readonly caseId: string,
    /** The instant the decision is taken as of: when the workflow's timer fired. */
    readonly asOf: Date,
    readonly context: CommandContext,
  ) {
    super();
  }
}
