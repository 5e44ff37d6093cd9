import { Command } from '@nestjs/cqrs';
import type { AssessmentCommand } from '../domain/assessment-case.js';
import type { CommandContext } from '../../shared/command-context.js';
import type { AssessmentCaseStatus } from '../domain/assessment-case.js';

/**
 * A step on an existing case, by whoever the permission matrix let through; proposed assessors come
 * without verdicts, documents as references (SHA-256) that the handler resolves against the
 * applicant's uploads.
 */
export type CaseStep =
  | Exclude<AssessmentCommand, { type: 'SubmitApplication' | 'DeemApplicationAccepted' | 'AssignAssessors' | 'ResubmitApplication' | 'SubmitRectification' }>
  | { type: 'AssignAssessors'; caseId: string; assessors: { expertId: string; discipline: string }[] }
  | { type: 'ResubmitApplication'; caseId: string; documents?: string[] }
  | { type: 'SubmitRectification'; caseId: string; evidence: string[] };

export interface CaseStepResult {
  caseId: string;
  status: AssessmentCaseStatus;
  /** Type and global position of each event the step recorded. */
  recorded: { type: string; globalPosition: number }[];
  alreadyRecorded: boolean;
}

export class ActOnAssessmentCaseCommand extends Command<CaseStepResult> {
  constructor(
    readonly step: CaseStep,
    readonly context: CommandContext,
    /** Applicant steps are the applicant's own: another institution's case answers as absent. */
    readonly onBehalfOfInstitution?: string,
    /** For steps a workflow's timer takes: decide as of the moment the timer fired. Never set from HTTP. */
    readonly asOf?: Date,
  ) {
    super();
  }
}
