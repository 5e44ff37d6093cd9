import type { EventStore, RecordedEvent } from '../../event-store/event-store.port.js';
import type { AssessmentPolicy } from '../domain/assessment-policy.js';
import { assessmentStreamId } from '../domain/assessment-case.js';
import type { PolicyRegistry } from './policy-registry.js';

/**
 * The policy version recorded when the case was submitted: it governs the case to its end.
 * Undefined when there is no such case (the caller answers that it does not exist).
 */
export async function casePolicy(store: EventStore, policies: PolicyRegistry, caseId: string, firstEvent?: RecordedEvent): Promise<AssessmentPolicy | undefined> {
  const [first] = firstEvent ? [firstEvent] : await store.readStream(assessmentStreamId(caseId), { maxCount: 1 });
  if (!first) return undefined;
  const version = first.metadata.policyVersion;
  if (!version) throw new Error(`assessment case ${caseId} recorded no policy version`);
  return policies.byVersion(version);
}
