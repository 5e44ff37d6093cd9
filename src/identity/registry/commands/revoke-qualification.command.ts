import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../../shared/command-context.js';

/** The administrator revokes a qualification, effective from the day of the decision. */
export class RevokeQualificationCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    readonly expertId: string,
    readonly certificateNumber: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
