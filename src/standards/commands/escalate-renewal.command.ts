import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../shared/command-context.js';

/**
 * 复查督办: no re-examination case was filed for the certificate by the escalation day (its last
 * valid day minus the policy's escalation lead months): the authority is told. Sent by the
 * certificate's workflow, which knows whether a re-examination was filed.
 */
export class EscalateRenewalCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    readonly caseId: string,
    /** The instant the decision is taken as of: when the workflow's timer fired. */
    readonly asOf: Date,
    readonly context: CommandContext,
  ) {
    super();
  }
}
