import { Command } from '@nestjs/cqrs';
import type { AssessmentKind, StandardCategory } from '../../../events/assessment.events.js';
import type { CommandContext } from '../../shared/command-context.js';
import type { MissingDocument } from '../domain/required-documents.js';

export interface SubmitApplicationResult {
  caseId: string;
  acceptanceDueAt: string;
  alreadyRecorded: boolean;
  /** The kinds of document the kind of assessment requires that none of the attached documents is (a supplement notice may ask for them). */
  missingDocuments: MissingDocument[];
}

/** An institution submits an application for the assessment of its measurement standard. */
export class SubmitApplicationCommand extends Command<SubmitApplicationResult> {
  constructor(
    readonly caseId: string,
    readonly kind: AssessmentKind,
    readonly standard: { name: string; category: StandardCategory; measurand: string },
    readonly context: CommandContext & { institutionId: string },
    /** RE_EXAMINATION: the case that issued the certificate this application renews. */
    readonly renewsCaseId?: string,
    /** References (SHA-256) of documents the institution uploaded, attached to the application. */
    readonly documents: readonly string[] = [],
  ) {
    super();
  }
}
