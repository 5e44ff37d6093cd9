import { Command } from '@nestjs/cqrs';
import type { AssessmentKind, StandardCategory } from '../../../events/assessment.events.js';
import type { CommandContext } from '../../shared/command-context.js';

export interface SubmitApplicationResult {
  caseId: string;
  acceptanceDueAt: string;
  alreadyRecorded: boolean;
}

/** An institution submits an application for the assessment of its measurement standard. */
export class SubmitApplicationCommand extends Command<SubmitApplicationResult> {
  constructor(
    readonly caseId: string,
    readonly kind: AssessmentKind,
    readonly standard: { name: string; category: StandardCategory; measurand: string },
    readonly context: CommandContext & { institutionId: string },
  ) {
    super();
  }
}
