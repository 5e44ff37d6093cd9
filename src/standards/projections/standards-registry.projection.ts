import { Injectable } from '@nestjs/common';
import { AssessmentEventTypes, type ApplicationSubmittedV1, type CaseDecidedV1, type StandardCategory } from '../../../events/assessment.events.js';
import { CertificateEventTypes, type CertificateEvent } from '../../../events/certificate.events.js';
import type { DocumentTransaction, RecordedEvent } from '../../event-store/event-store.port.js';
import type { Projection } from '../../event-store/subscription.js';
import type { CertificateStatus } from '../domain/certificate.js';
import { applyComparisonEvent, REGISTRY_COMPARISON_EVENT_TYPES, REGISTRY_COMPARISONS, type RegistryComparison } from './standard-comparisons.js';

export const STANDARDS_REGISTRY = 'standards-registry';
/** Every submitted case and the lineage it belongs to, so that later events find their row. */
const REGISTRY_CASES = 'standards-registry-cases';

/** The status a standard's row shows: that of its current (latest) certificate. */
export type RegistryStatus = Exclude<CertificateStatus, 'NONE' | 'RENEWED'>;
export const REGISTRY_STATUSES: readonly RegistryStatus[] = ['VALID', 'RENEWAL_DUE', 'SEALED', 'REVOKED', 'CANCELLED', 'EXPIRED'];

/** One certificate of the lineage, oldest first. */
export interface RegistryCertificate {
  caseId: string;
  certificateNo: string;
  validFrom: string;
  validUntil: string;
  status: Exclude<CertificateStatus, 'NONE'>;
  /** When it ended (expired, revoked, cancelled, renewed) or was sealed. */
  changedAt?: string;
  /** The authority's reasons (revocation, cancellation) or the holder's (sealing). */
  reasons?: string[];
  /** The re-examination case whose certificate superseded it. */
  renewedByCaseId?: string;
}

/** A change of the standard filed for record (变更备案). */
export interface RegistryChange {
  caseId: string;
  certificateNo: string;
  description: string;
  uncertainty: 'EQUAL_OR_BETTER';
  rangeChanged: false;
  filedAt: string;
}

/**
 * 计量标准档案: the standards registry, one row per standard lineage (its first certificate and
 * every renewal by re-examination), named by the case that issued the first certificate.
 */
export interface StandardRegistryView {
  id: string;
  name: string;
  category: StandardCategory;
  measurand: string;
  institutionId: string;
  /** The case that issued the current certificate. */
  caseId: string;
  certificateNo: string;
  validFrom: string;
  validUntil: string;
  status: RegistryStatus;
  renewalDueOn?: string;
  /** The authority was told that no re-examination was filed in time. */
  renewalEscalated?: boolean;
  certificates: RegistryCertificate[];
  changes: RegistryChange[];
  /** The published comparison outcomes of the standard (比对结果), oldest first; absent on rows no comparison has reached. */
  comparisons?: RegistryComparison[];
  /** An unsatisfactory comparison outcome's follow-up is open: the authority sees it in the list. */
  comparisonFollowUpOpen?: boolean;
  /** Global position of the last event applied; lets a client wait for its own write. */
  lastPosition: number;
  updatedAt: string;
}

interface RegistryCase {
  caseId: string;
  /** The lineage's first case: the row's id. */
  rootId: string;
  institutionId: string;
  standard: { name: string; category: StandardCategory; measurand: string };
}

@Injectable()
export class StandardsRegistryProjection implements Projection {
  readonly name = 'projection:standards-registry';
  readonly collections = [STANDARDS_REGISTRY, REGISTRY_CASES, REGISTRY_COMPARISONS];

  handles(recorded: RecordedEvent): boolean {
    return (
      recorded.type === AssessmentEventTypes.ApplicationSubmitted ||
      recorded.type === AssessmentEventTypes.CaseDecided ||
      recorded.type.startsWith('standards.certificate.') ||
      REGISTRY_COMPARISON_EVENT_TYPES.includes(recorded.type)
    );
  }

  async apply(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    if (recorded.type === AssessmentEventTypes.ApplicationSubmitted) return this.submitted(recorded.data as ApplicationSubmittedV1, tx);
    if (recorded.type === AssessmentEventTypes.CaseDecided) return this.decided(recorded, tx);
    if (recorded.type.startsWith('standards.certificate.')) return this.certificateEvent(recorded, tx);
    if (REGISTRY_COMPARISON_EVENT_TYPES.includes(recorded.type)) return applyComparisonEvent<StandardRegistryView>(recorded, tx, STANDARDS_REGISTRY);
  }

  private async submitted(d: ApplicationSubmittedV1, tx: DocumentTransaction): Promise<void> {
    const renewed = d.renewsCaseId ? await tx.get<RegistryCase>(REGISTRY_CASES, d.renewsCaseId) : undefined;
    await tx.put<RegistryCase>(REGISTRY_CASES, d.caseId, {
      caseId: d.caseId,
      rootId: renewed?.rootId ?? d.renewsCaseId ?? d.caseId,
      institutionId: d.institutionId,
      standard: d.standard,
    });
  }

  private async decided(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    const d = recorded.data as CaseDecidedV1;
    if (d.decision !== 'APPROVED' || !d.certificate) return;
    const issuedBy = await tx.get<RegistryCase>(REGISTRY_CASES, d.caseId);
    if (!issuedBy) return;
    const certificate: RegistryCertificate = { caseId: d.caseId, ...d.certificate, status: 'VALID' };
    const current = {
      ...issuedBy.standard,
      institutionId: issuedBy.institutionId,
      caseId: d.caseId,
      ...d.certificate,
      status: 'VALID' as const,
      renewalDueOn: undefined,
      renewalEscalated: undefined,
      lastPosition: recorded.globalPosition,
      updatedAt: recorded.recordedAt,
    };
    const row = await tx.get<StandardRegistryView>(STANDARDS_REGISTRY, issuedBy.rootId);
    await tx.put<StandardRegistryView>(
      STANDARDS_REGISTRY,
      issuedBy.rootId,
      row ? { ...row, ...current, certificates: [...row.certificates, certificate] } : { id: issuedBy.rootId, ...current, certificates: [certificate], changes: [] },
    );
  }

  private async certificateEvent(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as CertificateEvent;
    const issuedBy = await tx.get<RegistryCase>(REGISTRY_CASES, event.data.caseId);
    const row = issuedBy && (await tx.get<StandardRegistryView>(STANDARDS_REGISTRY, issuedBy.rootId));
    if (!row) return;
    const { entry, view } = changesFor(event);
    const certificates = row.certificates.map((c) => (c.caseId === event.data.caseId ? { ...c, ...entry } : c));
    const isCurrent = row.caseId === event.data.caseId;
    await tx.put<StandardRegistryView>(STANDARDS_REGISTRY, row.id, {
      ...row,
      ...(isCurrent ? view : {}),
      certificates,
      changes: event.type === CertificateEventTypes.ChangeFiled ? [...row.changes, changeOf(event.data)] : row.changes,
      lastPosition: recorded.globalPosition,
      updatedAt: recorded.recordedAt,
    });
  }
}

const changeOf = (d: Extract<CertificateEvent, { type: typeof CertificateEventTypes.ChangeFiled }>['data']): RegistryChange => ({
  caseId: d.caseId,
  certificateNo: d.certificateNo,
  description: d.description,
  uncertainty: d.uncertainty,
  rangeChanged: d.rangeChanged,
  filedAt: d.filedAt,
});

/** What each certificate event changes in its certificate's entry, and in the row when it is the current one. */
function changesFor(event: CertificateEvent): { entry: Partial<RegistryCertificate>; view: Partial<StandardRegistryView> } {
  switch (event.type) {
    case CertificateEventTypes.RenewalDue:
      return { entry: { status: 'RENEWAL_DUE' }, view: { status: 'RENEWAL_DUE', renewalDueOn: event.data.dueOn } };
    case CertificateEventTypes.RenewalEscalated:
      return { entry: {}, view: { renewalEscalated: true } };
    case CertificateEventTypes.Expired:
      return { entry: { status: 'EXPIRED', changedAt: event.data.expiredAt }, view: { status: 'EXPIRED' } };
    case CertificateEventTypes.Sealed:
      return { entry: { status: 'SEALED', changedAt: event.data.sealedAt, reasons: [event.data.reason] }, view: { status: 'SEALED' } };
    case CertificateEventTypes.Revoked:
      return { entry: { status: 'REVOKED', changedAt: event.data.revokedAt, reasons: event.data.reasons }, view: { status: 'REVOKED' } };
    case CertificateEventTypes.Cancelled:
      return { entry: { status: 'CANCELLED', changedAt: event.data.cancelledAt, reasons: event.data.reasons }, view: { status: 'CANCELLED' } };
    case CertificateEventTypes.ChangeFiled:
      return { entry: {}, view: {} };
    case CertificateEventTypes.Renewed:
      // The successor is already the row's current certificate (its approval came first).
      return { entry: { status: 'RENEWED', changedAt: event.data.renewedAt, renewedByCaseId: event.data.renewedByCaseId }, view: {} };
    default: {
      const never: never = event;
      throw new Error(`unhandled event ${JSON.stringify(never)}`);
    }
  }
}
