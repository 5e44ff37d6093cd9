import { proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { attemptTimerStep } from './timer-step.js';
import {
  certificateEventSignal,
  certificateStateQuery,
  type CertificateActivities,
  type CertificatePhase,
  type CertificateWorkflowInput,
} from './certificate.contract.js';

const activities = proxyActivities<CertificateActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

/**
 * Remembers the time of one certificate, from its issue by an approved case to its end. The
 * schedule comes from the approval event (computed in domain code and passed in the start
 * arguments), never from a clock read here, so replays decide the same way.
 *
 * At the renewal date (the last valid day minus the policy's lead months) it marks the certificate
 * due for re-examination, which reminds the holder and the authority; at the end of the last valid
 * day (China time) it expires the certificate, then ends. Renewal by re-examination is not modelled
 * yet: the renewal signal comes with the re-examination cases, and will end this workflow early.
 * Until then, signals are only counted (at least once, repeats ignored).
 */
export async function certificateWorkflow(input: CertificateWorkflowInput): Promise<CertificatePhase> {
  const seen = new Set<string>();
  let phase: CertificatePhase = 'VALID';
  setHandler(certificateEventSignal, (event) => {
    seen.add(event.eventId);
  });
  setHandler(certificateStateQuery, () => ({ phase, renewalDueAt: input.renewalDueAt, expiresAt: input.expiresAt, eventsSeen: seen.size }));

  await sleepUntil(input.renewalDueAt);
  phase = 'MARKING_RENEWAL_DUE';
  await attemptTimerStep(() => activities.markRenewalDue(step(input)));
  phase = 'RENEWAL_DUE';

  await sleepUntil(input.expiresAt);
  phase = 'EXPIRING';
  await attemptTimerStep(() => activities.expireCertificate(step(input)));
  phase = 'EXPIRED';
  return phase;
}

/** Workflow time is deterministic: Date.now() here is the time of the current workflow task. */
async function sleepUntil(instant: string): Promise<void> {
  const remainingMs = Date.parse(instant) - Date.now();
  if (remainingMs > 0) await sleep(remainingMs);
}

/** Both steps are caused by the approval that issued the certificate; the activity names the step in its command id. */
function step(input: CertificateWorkflowInput) {
  return {
    caseId: input.caseId,
    workflowId: workflowInfo().workflowId,
    asOf: new Date(Date.now()).toISOString(),
    correlationId: input.correlationId,
    causationEventId: input.issuedByEventId,
  };
}

