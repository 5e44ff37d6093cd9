import { Command } from '@nestjs/cqrs';
import type { InstitutionKind } from '../../../../events/registry.events.js';
import type { CommandContext } from '../../../shared/command-context.js';

export interface RegisterInstitutionResult {
  institutionId: string;
  alreadyRecorded: boolean;
}

/** The administrator enters an institution into the registry under its unified social credit code. */
export class RegisterInstitutionCommand extends Command<RegisterInstitutionResult> {
  constructor(
    readonly uscc: string,
    readonly name: string,
    readonly division: string,
    readonly kind: InstitutionKind,
    readonly context: CommandContext,
  ) {
    super();
  }
}
