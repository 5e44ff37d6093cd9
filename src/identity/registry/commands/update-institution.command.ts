import { Command } from '@nestjs/cqrs';
import type { InstitutionKind } from '../../../../events/registry.events.js';
import type { CommandContext } from '../../../shared/command-context.js';

/** The administrator corrects an institution's name, division or kind; its USCC never changes. */
export class UpdateInstitutionCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    readonly institutionId: string,
    readonly changes: { name?: string; division?: string; kind?: InstitutionKind },
    readonly context: CommandContext,
  ) {
    super();
  }
}
