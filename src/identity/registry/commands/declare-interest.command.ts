import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../../shared/command-context.js';

/** The expert (or the administrator for him) declares an interest in an institution or a case. */
export class DeclareInterestCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    readonly expertId: string,
    readonly interest: { institutionId?: string; caseId?: string; reason: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
