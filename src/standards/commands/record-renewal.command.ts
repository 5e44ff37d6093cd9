import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../shared/command-context.js';

/**
 * 复查换证: an approved re-examination case renewed the certificate issued by `caseId`; the old
 * certificate is superseded by the one the re-examination issued. Sent by the certificate's
 * workflow when the bridge signals it the approval.
 */
export class RecordRenewalCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    /** The case that issued the certificate being renewed. */
    readonly caseId: string,
    /** The approved re-examination case; its own events are read, not taken from the sender. */
    readonly renewingCaseId: string,
    readonly asOf: Date,
    readonly context: CommandContext,
  ) {
    super();
  }
}
