import { AssessmentEventTypes, type ApplicationSubmittedV1 } from '../../../events/assessment.events.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import { assessmentStreamId } from '../domain/assessment-case.js';

/** The case a re-examination case renews the certificate of, as its submission recorded it. */
export async function renewsCaseIdOf(store: EventStore, caseId: string): Promise<string | undefined> {
  const [first] = await store.readStream(assessmentStreamId(caseId), { maxCount: 1 });
  return first?.type === AssessmentEventTypes.ApplicationSubmitted ? (first.data as ApplicationSubmittedV1).renewsCaseId : undefined;
}

/**
 * The first case of a certificate lineage (计量标准证书沿革): follows each re-examination back to
 * the certificate it renewed. The lineage's workflow and its registry row are named by that case.
 */
export async function lineageRootCaseId(store: EventStore, caseId: string): Promise<string> {
  const visited = new Set<string>();
  let current = caseId;
  for (;;) {
    visited.add(current);
    const renews = await renewsCaseIdOf(store, current);
    // A cycle cannot be recorded (a case renews an earlier, approved one); the guard keeps a corrupt log from looping.
    if (!renews || visited.has(renews)) return current;
    current = renews;
  }
}
