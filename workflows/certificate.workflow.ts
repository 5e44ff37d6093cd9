import { condition, continueAsNew, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { AssessmentEventTypes } from '../events/assessment.events.js';
import { CertificateEventTypes } from '../events/certificate.events.js';
import { attemptTimerStep } from './timer-step.js';
import {
  certificateEventSignal,
  certificateRenewalSignal,
  certificateStateQuery,
  type CertificateActivities,
  type CertificateEventSignal,
  type CertificatePhase,
  type CertificateRenewalSignal,
  type CertificateWorkflowInput,
} from './certificate.contract.js';

const activities = proxyActivities<CertificateActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

/** Runs started before certificates had lineages (no marker in their history) keep the first version's steps. */
export const CERTIFICATE_LINEAGE_PATCH = 'certificate-lineage';

/**
 * Remembers the time of one certificate lineage (计量标准考核证书), from the approval that issued
 * the first certificate, through every renewal by re-examination, to its end. Schedules come from
 * the approval events (computed in domain code and passed in the start arguments or the renewal
 * signal), never from a clock read here, so replays decide the same way. It learns facts only
 * from recorded events that the bridge signals (ignoring any it has already seen) and changes the
 * domain only through activities that send commands.
 *
 * For the certificate it looks after:
 * - at the renewal date (last valid day minus the policy's lead months) it marks it due for
 *   re-examination, which reminds the holder;
 * - at the escalation date, if no re-examination case is open for it, it tells the authority;
 * - at the end of the last valid day (China time) it expires it;
 * - a sealed certificate is no longer reminded or escalated, but still expires;
 * - a revoked or cancelled one never expires later: the run ends;
 * - when a re-examination of it is approved, it records the renewal and continues as new with the
 *   new certificate's schedule, so that the history of a lineage that lives for decades stays small.
 * A certificate that ended while a re-examination of it was open waits for that case's outcome.
 */
export async function certificateWorkflow(input: CertificateWorkflowInput): Promise<CertificatePhase> {
  if (!patched(CERTIFICATE_LINEAGE_PATCH)) return certificateWorkflowV1(input);

  const seen = new Set<string>();
  let phase: CertificatePhase = 'VALID';
  /** Re-examination cases of this certificate that are still open. */
  const reExaminations = new Set<string>();
  let sealed = false;
  let ended: 'EXPIRED' | 'REVOKED' | 'CANCELLED' | undefined;
  let renewal: CertificateRenewalSignal | undefined;
  /** Events about other certificates of the lineage (a successor's, arriving before this run hands over). */
  const others: CertificateEventSignal[] = [];

  const apply = (event: CertificateEventSignal): void => {
    if (seen.has(event.eventId)) return; // at-least-once delivery: a repeat changes nothing
    seen.add(event.eventId);
    const data = event.data as { caseId: string; renewsCaseId?: string; decision?: string };
    switch (event.type) {
      case AssessmentEventTypes.ApplicationSubmitted:
        if (data.renewsCaseId === input.caseId) reExaminations.add(data.caseId);
        else others.push(event);
        return;
      case AssessmentEventTypes.CaseDecided:
      case AssessmentEventTypes.RectificationDeadlineMissed:
        // The approval that issued a certificate, or a re-examination concluded: an approved one
        // comes as the renewal signal; a refused or failed one leaves the certificate unrenewed.
        if (data.decision === 'APPROVED') return;
        if (reExaminations.has(data.caseId)) reExaminations.delete(data.caseId);
        else others.push(event);
        return;
    }
    if (data.caseId !== input.caseId) {
      others.push(event);
      return;
    }
    switch (event.type) {
      case CertificateEventTypes.Sealed:
        sealed = true;
        break;
      case CertificateEventTypes.Revoked:
        ended = 'REVOKED';
        break;
      case CertificateEventTypes.Cancelled:
        ended = 'CANCELLED';
        break;
      case CertificateEventTypes.Expired:
        ended = 'EXPIRED';
        break;
    }
  };
  setHandler(certificateEventSignal, apply);
  setHandler(certificateRenewalSignal, (signal) => {
    if (seen.has(signal.event.eventId)) return;
    seen.add(signal.event.eventId);
    // Only a renewal of the certificate this run looks after; the first one wins.
    if (signal.renewsCaseId === input.caseId && !renewal) {
      renewal = signal;
      reExaminations.delete(signal.next.caseId);
    }
  });
  // A query handler must not mutate state.
  setHandler(certificateStateQuery, () => ({
    phase,
    caseId: input.caseId,
    certificateNo: input.certificateNo,
    renewalDueAt: input.renewalDueAt,
    escalateAt: input.escalateAt,
    expiresAt: input.expiresAt,
    reExaminations: [...reExaminations],
    eventsSeen: seen.size,
  }));
  for (const event of input.backlog ?? []) apply(event);

  let renewalDueMarked = false;
  let escalated = input.escalateAt === undefined;
  let expiryAttempted = false;
  /** The next timer: which step, and when. Sealing stops the reminders; an open re-examination holds the escalation. */
  const nextTimer = (): { step: 'RENEWAL_DUE' | 'ESCALATION' | 'EXPIRY'; at: string } | undefined => {
    const timers: { step: 'RENEWAL_DUE' | 'ESCALATION' | 'EXPIRY'; at: string }[] = [];
    if (!sealed && !renewalDueMarked) timers.push({ step: 'RENEWAL_DUE', at: input.renewalDueAt });
    if (!sealed && !escalated && reExaminations.size === 0) timers.push({ step: 'ESCALATION', at: input.escalateAt! });
    if (!expiryAttempted) timers.push({ step: 'EXPIRY', at: input.expiresAt });
    return timers.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
  };

  while (renewal === undefined && ended === undefined) {
    phase = sealed ? 'SEALED' : renewalDueMarked ? 'RENEWAL_DUE' : 'VALID';
    const next = nextTimer();
    if (!next) {
      // The expiry was asked for: its event (or that of whatever got there first) arrives through the bridge.
      await condition(() => renewal !== undefined || ended !== undefined);
      break;
    }
    const before = { sealed, open: reExaminations.size };
    const remainingMs = Date.parse(next.at) - Date.now();
    const interrupted =
      remainingMs > 0
        ? await condition(() => renewal !== undefined || ended !== undefined || sealed !== before.sealed || reExaminations.size !== before.open, remainingMs)
        : false;
    if (interrupted) continue;
    switch (next.step) {
      case 'RENEWAL_DUE':
        phase = 'MARKING_RENEWAL_DUE';
        await attemptTimerStep(() => activities.markRenewalDue(timerStep(input)));
        renewalDueMarked = true;
        break;
      case 'ESCALATION':
        phase = 'ESCALATING';
        await attemptTimerStep(() => activities.escalateRenewal(timerStep(input)));
        escalated = true;
        break;
      case 'EXPIRY':
        phase = 'EXPIRING';
        await attemptTimerStep(() => activities.expireCertificate(timerStep(input)));
        expiryAttempted = true;
        break;
    }
  }

  if (renewal === undefined && reExaminations.size > 0) {
    phase = 'AWAITING_RE_EXAMINATION';
    await condition(() => renewal !== undefined || reExaminations.size === 0);
  }
  if (renewal !== undefined) {
    const { event, next } = renewal;
    phase = 'RENEWING';
    // Refused when the certificate ended first (revoked, expired): the new certificate is looked after all the same.
    await attemptTimerStep(() =>
      activities.recordRenewal({ ...timerStep(input), correlationId: event.correlationId, causationEventId: event.eventId, renewingCaseId: next.caseId }),
    );
    return continueAsNew<typeof certificateWorkflow>({ ...next, backlog: carriedOver(others, next.caseId) });
  }
  phase = ended!;
  return phase;
}

/** The events a successor's run needs: about its certificate, or about re-examinations of it. */
function carriedOver(events: CertificateEventSignal[], caseId: string): CertificateEventSignal[] {
  const about = (e: CertificateEventSignal) => e.data as { caseId: string; renewsCaseId?: string };
  const filed = new Set(events.filter((e) => about(e).renewsCaseId === caseId).map((e) => about(e).caseId));
  return events.filter((e) => about(e).caseId === caseId || about(e).renewsCaseId === caseId || filed.has(about(e).caseId));
}

/** The steps of the certificate are caused by the approval that issued it. */
function timerStep(input: CertificateWorkflowInput) {
  return {
    caseId: input.caseId,
    workflowId: workflowInfo().workflowId,
    asOf: new Date(Date.now()).toISOString(),
    correlationId: input.correlationId,
    causationEventId: input.issuedByEventId,
  };
}

/**
 * The first version, kept for runs whose history has no lineage marker: it marks the certificate
 * due, then expires it, and only counts signals. Do not change its commands.
 */
async function certificateWorkflowV1(input: CertificateWorkflowInput): Promise<CertificatePhase> {
  const seen = new Set<string>();
  let phase: CertificatePhase = 'VALID';
  setHandler(certificateEventSignal, (event) => {
    seen.add(event.eventId);
  });
  setHandler(certificateStateQuery, () => ({ phase, renewalDueAt: input.renewalDueAt, expiresAt: input.expiresAt, eventsSeen: seen.size }));

  await sleepUntil(input.renewalDueAt);
  phase = 'MARKING_RENEWAL_DUE';
  await attemptTimerStep(() => activities.markRenewalDue(timerStep(input)));
  phase = 'RENEWAL_DUE';

  await sleepUntil(input.expiresAt);
  phase = 'EXPIRING';
  await attemptTimerStep(() => activities.expireCertificate(timerStep(input)));
  phase = 'EXPIRED';
  return phase;
}

/** Workflow time is deterministic: Date.now() here is the time of the current workflow task. */
async function sleepUntil(instant: string): Promise<void> {
  const remainingMs = Date.parse(instant) - Date.now();
  if (remainingMs > 0) await sleep(remainingMs);
}
