import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../../shared/command-context.js';

/** The administrator records that an expert belongs to an institution from a date on. */
export class ChangeAffiliationCommand extends Command<{ alreadyRecorded: boolean }> {
  constructor(
    readonly expertId: string,
    readonly institutionId: string,
    /** First day with the institution (YYYY-MM-DD); the previous affiliation ends that day. */
    readonly from: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
