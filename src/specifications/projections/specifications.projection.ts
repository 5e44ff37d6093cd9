import { Injectable } from '@nestjs/common';
import {
  SpecificationEventTypes as T,
  type CommentDisposition,
  type CommentSourceKind,
  type ReviewMeetingHeldV1,
  type SpecificationEvent,
} from '../../../events/specification.events.js';
import type { DocumentTransaction, RecordedEvent } from '../../event-store/event-store.port.js';
import type { Projection } from '../../event-store/subscription.js';
import { evolveSpecificationProject, initialSpecificationProjectState, type SpecificationProjectState, type SpecificationProjectStatus } from '../domain/specification-project.js';

export const SPECIFICATIONS = 'specifications';

/** One row of the comment and disposition table (征求意见汇总处理表). */
export interface CommentRow {
  commentId: string;
  clause: string;
  text: string;
  source: CommentSourceKind;
  institutionId?: string;
  commenterName?: string;
  receivedAt: string;
  disposition?: CommentDisposition;
  reasons?: string[];
  disposedAt?: string;
}

/**
 * The read model of one specification project: the decider's own state (folded by its evolve, so
 * the read model and the rules cannot disagree) with what the views need besides: the title, the
 * comments with their text and dispositions, and each review meeting's record with its count and rule.
 */
export interface SpecificationRecord extends Omit<SpecificationProjectState, 'comments' | 'status'> {
  projectId: string;
  status: Exclude<SpecificationProjectStatus, 'NONE'>;
  title: string;
  proposerInstitutionId: string;
  proposedAt: string;
  explanatoryNotes?: string;
  comments: CommentRow[];
  meetingRecords: ReviewMeetingHeldV1[];
  filingNumber?: string;
  effectiveOn?: string;
  /** Global position of the last event applied; lets a client wait for its own write. */
  lastPosition: number;
  updatedAt: string;
}

@Injectable()
export class SpecificationsProjection implements Projection {
  readonly name = 'projection:specifications';
  readonly collections = [SPECIFICATIONS];

  handles(recorded: RecordedEvent): boolean {
    return recorded.type.startsWith('specifications.project.');
  }

  async apply(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    if (!this.handles(recorded)) return;
    const event = { type: recorded.type, data: recorded.data } as SpecificationEvent;
    const projectId = event.data.projectId;
    const before = await tx.get<SpecificationRecord>(SPECIFICATIONS, projectId);
    const { lastPosition: _p, updatedAt: _u, title: _t, proposerInstitutionId: _pi, proposedAt: _pa, meetingRecords: _m, explanatoryNotes: _e, filingNumber: _f, effectiveOn: _o, ...state } =
      before ?? ({ ...initialSpecificationProjectState, comments: [], meetingRecords: [] } as unknown as SpecificationRecord);
    const after = evolveSpecificationProject(state as SpecificationProjectState, event);
    const record: SpecificationRecord = {
      ...(before ?? { title: '', proposerInstitutionId: '', proposedAt: '', meetingRecords: [] }),
      ...(after as Omit<SpecificationProjectState, 'comments' | 'status'>),
      projectId,
      status: after.status as SpecificationRecord['status'],
      comments: (after.comments ?? []) as CommentRow[],
      lastPosition: recorded.globalPosition,
      updatedAt: recorded.recordedAt,
    } as SpecificationRecord;
    switch (event.type) {
      case T.Proposed:
        record.title = event.data.title;
        record.proposerInstitutionId = event.data.proposerInstitutionId;
        record.proposedAt = event.data.proposedAt;
        break;
      case T.ConsultationDraftIssued:
        record.explanatoryNotes = event.data.explanatoryNotes;
        break;
      case T.CommentReceived: {
        const { projectId: _id, ...row } = event.data;
        record.comments = [...record.comments.slice(0, -1), row];
        break;
      }
      case T.CommentDisposed:
        record.comments = record.comments.map((c) => (c.commentId === event.data.commentId ? { ...c, reasons: event.data.reasons, disposedAt: event.data.disposedAt } : c));
        break;
      case T.ReviewMeetingHeld:
        record.meetingRecords = [...record.meetingRecords, event.data];
        break;
      case T.Filed:
        record.filingNumber = event.data.filingNumber;
        break;
      case T.EnteredIntoForce:
        record.effectiveOn = event.data.effectiveOn;
        break;
      default:
        break;
    }
    await tx.put<SpecificationRecord>(SPECIFICATIONS, projectId, record);
  }
}
