import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../../shared/command-context.js';

/** The administrator records an assessor qualification (discipline, certificate, validity) of an expert. */
export class GrantQualificationCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    readonly expertId: string,
    readonly qualification: { discipline: string; certificateNumber: string; validFrom: string; validUntil: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
