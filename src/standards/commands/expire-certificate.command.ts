import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../shared/command-context.js';

/**
 * 证书失效: the certificate issued by the case reached the end of its last valid day without a
 * renewal. Sent by the certificate's workflow when its timer fires.
 */
export class ExpireCertificateCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    readonly caseId: string,
    /** The instant the decision is taken as of: when the workflow's timer fired. */
    readonly asOf: Date,
    readonly context: CommandContext,
  ) {
    super();
  }
}
