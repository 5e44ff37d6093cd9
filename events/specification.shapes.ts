import type { EventDefinition } from './catalogue.js';
import { arr, instant, int, obj, str } from './schema.js';
import {
  APPRAISAL_CONCLUSIONS,
  COMMENT_DISPOSITIONS,
  COMMENT_SOURCE_KINDS,
  EVALUATION_OUTCOMES,
  PLAN_ADJUSTMENT_KINDS,
  REVIEW_OUTCOMES,
  SpecificationEventTypes as T,
  VOTES,
} from './specification.events.js';

/**
 * Shapes of the local technical specification project (地方计量技术规范制修订项目) events, for the
 * catalogue. Calendar dates (YYYY-MM-DD), the number format and the procedure's rules are checked
 * by src/specifications/domain/specification-project.ts; the shapes check structure.
 */
const fraction = obj({ numerator: int(1), denominator: int(1) });

export const SPECIFICATION_EVENT_SHAPES: EventDefinition[] = [
  {
    type: T.Proposed,
    schemaVersion: 1,
    shape: obj(
      { projectId: str(), title: str(), proposerInstitutionId: str(), drafterInstitutionId: str(), proposedAt: instant(), policyVersion: str(), revisesProjectId: str() },
      ['revisesProjectId'],
    ),
  },
  {
    type: T.ExpertAppraised,
    schemaVersion: 1,
    shape: obj({ projectId: str(), appraisedAt: instant(), expertIds: arr(str(), 1, 50), conclusion: str({ oneOf: APPRAISAL_CONCLUSIONS }), opinion: str() }),
  },
  { type: T.PublicNoticeStarted, schemaVersion: 1, shape: obj({ projectId: str(), startedAt: instant(), days: int(1), endsOn: str() }) },
  {
    type: T.Planned,
    schemaVersion: 1,
    shape: obj({ projectId: str(), plannedAt: instant(), planYear: int(2000), limitYears: int(1), deadlineOn: str(), remindOn: str() }, ['remindOn']),
  },
  {
    type: T.PlanAdjusted,
    schemaVersion: 1,
    shape: obj(
      { projectId: str(), adjustedAt: instant(), adjustment: str({ oneOf: PLAN_ADJUSTMENT_KINDS }), reason: str(), drafterInstitutionId: str() },
      ['drafterInstitutionId'],
    ),
  },
  {
    type: T.DraftingGroupFormed,
    schemaVersion: 1,
    shape: obj({ projectId: str(), formedAt: instant(), leaderExpertId: str(), members: arr(obj({ expertId: str(), institutionId: str() }), 1, 100) }),
  },
  {
    type: T.DraftVersionRecorded,
    schemaVersion: 1,
    shape: obj({ projectId: str(), recordedAt: instant(), versionLabel: str(), sha256: str(), size: int(1), name: str() }),
  },
  {
    type: T.ConsultationDraftIssued,
    schemaVersion: 1,
    shape: obj({ projectId: str(), issuedAt: instant(), versionLabel: str(), explanatoryNotes: str(), days: int(1), closesOn: str() }),
  },
  {
    type: T.CommentReceived,
    schemaVersion: 1,
    shape: obj(
      {
        projectId: str(),
        commentId: str(),
        receivedAt: instant(),
        clause: str(),
        text: str(),
        source: str({ oneOf: COMMENT_SOURCE_KINDS }),
        institutionId: str(),
        commenterName: str(),
      },
      ['institutionId', 'commenterName'],
    ),
  },
  { type: T.CommentPeriodClosed, schemaVersion: 1, shape: obj({ projectId: str(), closedAt: instant(), comments: int(0) }) },
  {
    type: T.CommentDisposed,
    schemaVersion: 1,
    shape: obj({ projectId: str(), commentId: str(), disposedAt: instant(), disposition: str({ oneOf: COMMENT_DISPOSITIONS }), reasons: arr(str(), 1, 20) }),
  },
  {
    type: T.ReviewScheduled,
    schemaVersion: 1,
    shape: obj({ projectId: str(), scheduledAt: instant(), meetingDate: str(), reviewDraftVersion: str(), draftSentOn: str(), noticeDays: int(0) }),
  },
  {
    type: T.ReviewMeetingHeld,
    schemaVersion: 1,
    shape: obj({
      projectId: str(),
      heldAt: instant(),
      meetingDate: str(),
      members: arr(str(), 1, 200),
      present: arr(str(), 0, 200),
      invitedExperts: arr(str(), 0, 200),
      recused: arr(str(), 0, 200),
      votes: arr(obj({ expertId: str(), vote: str({ oneOf: VOTES }), reasons: arr(str(), 1, 20) }, ['reasons']), 0, 200),
      quorum: fraction,
      quorumRequired: int(1),
      passFraction: fraction,
      yesRequired: int(0),
      yes: int(0),
      no: int(0),
      abstain: int(0),
      outcome: str({ oneOf: REVIEW_OUTCOMES }),
      dissent: arr(obj({ expertId: str(), reasons: arr(str(), 1, 20) }), 0, 200),
      rule: str(),
    }),
  },
  { type: T.SubmittedForApproval, schemaVersion: 1, shape: obj({ projectId: str(), submittedAt: instant() }) },
  {
    type: T.Published,
    schemaVersion: 1,
    shape: obj({ projectId: str(), publishedAt: instant(), number: str(), publishedOn: str(), periodicReviewDueOn: str() }),
  },
  { type: T.Filed, schemaVersion: 1, shape: obj({ projectId: str(), filedAt: instant(), filingNumber: str() }) },
  { type: T.EnteredIntoForce, schemaVersion: 1, shape: obj({ projectId: str(), enteredAt: instant(), effectiveOn: str() }) },
  { type: T.PeriodicReviewStarted, schemaVersion: 1, shape: obj({ projectId: str(), startedAt: instant(), dueOn: str() }) },
  { type: T.EffectEvaluationStarted, schemaVersion: 1, shape: obj({ projectId: str(), startedAt: instant(), reason: str() }) },
  {
    type: T.EvaluationConcluded,
    schemaVersion: 1,
    shape: obj(
      {
        projectId: str(),
        concludedAt: instant(),
        outcome: str({ oneOf: EVALUATION_OUTCOMES }),
        reasons: arr(str(), 1, 20),
        revisionProjectId: str(),
        nextReviewDueOn: str(),
      },
      ['revisionProjectId', 'nextReviewDueOn'],
    ),
  },
  { type: T.PublicNoticeEnded, schemaVersion: 1, shape: obj({ projectId: str(), endsOn: str(), recordedAt: instant() }) },
  {
    type: T.ProjectLimitReminderSent,
    schemaVersion: 1,
    shape: obj({ projectId: str(), deadlineOn: str(), remindedAt: instant(), drafterInstitutionId: str(), status: str() }),
  },
  { type: T.ProjectOverdue, schemaVersion: 1, shape: obj({ projectId: str(), deadlineOn: str(), escalatedAt: instant(), drafterInstitutionId: str(), status: str() }) },
  {
    type: T.ReviewMeetingDue,
    schemaVersion: 1,
    shape: obj({ projectId: str(), meetingDate: str(), reviewDraftVersion: str(), draftSentOn: str(), noticeDays: int(0), remindedAt: instant() }),
  },
];
