import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../../shared/command-context.js';

/** The administrator enters an expert into the registry under the subject of the expert's account. */
export class RegisterExpertCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    readonly expertId: string,
    readonly name: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
