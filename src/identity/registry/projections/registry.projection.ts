import { Injectable } from '@nestjs/common';
import { RegistryEventTypes, type ExpertEvent, type InstitutionEvent, type InstitutionRegisteredV1 } from '../../../../events/registry.events.js';
import type { DocumentTransaction, RecordedEvent } from '../../../event-store/event-store.port.js';
import type { Projection } from '../../../event-store/subscription.js';
import { evolveExpert, initialExpertState, type AffiliationPeriod, type DeclaredInterest, type Qualification } from '../domain/expert.js';
import { evolveInstitution } from '../domain/institution.js';

export const REGISTRY_INSTITUTIONS = 'registry-institutions';
export const REGISTRY_EXPERTS = 'registry-experts';

/** An institution as the registry's pages show it. */
export interface InstitutionView extends InstitutionRegisteredV1 {
  /** Global position of the last event applied; lets a client wait for its own write. */
  lastPosition: number;
  updatedAt: string;
}

/** An expert with the whole history the conflict-of-interest rule reads. */
export interface ExpertView {
  expertId: string;
  name: string;
  qualifications: Qualification[];
  affiliations: AffiliationPeriod[];
  interests: DeclaredInterest[];
  registeredAt: string;
  lastPosition: number;
  updatedAt: string;
}

const INSTITUTION_EVENTS: readonly string[] = [RegistryEventTypes.InstitutionRegistered, RegistryEventTypes.InstitutionUpdated];

/**
 * The registry's read models. Each view is folded by the aggregates' own `evolve`, so the pages
 * and the rules can never disagree about what an event means.
 */
@Injectable()
export class RegistryProjection implements Projection {
  readonly name = 'projection:registry';
  readonly collections = [REGISTRY_INSTITUTIONS, REGISTRY_EXPERTS];

  handles(recorded: RecordedEvent): boolean {
    return recorded.type.startsWith('identity.registry.');
  }

  async apply(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    if (!this.handles(recorded)) return;
    const stamp = { lastPosition: recorded.globalPosition, updatedAt: recorded.recordedAt };
    if (INSTITUTION_EVENTS.includes(recorded.type)) {
      const event = { type: recorded.type, data: recorded.data } as InstitutionEvent;
      const id = event.data.institutionId;
      const view = await tx.get<InstitutionView>(REGISTRY_INSTITUTIONS, id);
      if (!view && event.type !== RegistryEventTypes.InstitutionRegistered) return;
      const state = evolveInstitution(view ? { status: 'REGISTERED', ...view } : { status: 'NONE' }, event);
      await tx.put<InstitutionView>(REGISTRY_INSTITUTIONS, id, {
        institutionId: id,
        uscc: state.uscc!,
        name: state.name!,
        division: state.division!,
        kind: state.kind!,
        registeredAt: event.type === RegistryEventTypes.InstitutionRegistered ? event.data.registeredAt : view!.registeredAt,
        ...stamp,
      });
      return;
    }
    const event = { type: recorded.type, data: recorded.data } as ExpertEvent;
    const id = event.data.expertId;
    const view = await tx.get<ExpertView>(REGISTRY_EXPERTS, id);
    if (!view && event.type !== RegistryEventTypes.ExpertRegistered) return;
    const state = evolveExpert(view ? { status: 'REGISTERED', ...view } : initialExpertState, event);
    await tx.put<ExpertView>(REGISTRY_EXPERTS, id, {
      expertId: id,
      name: state.name!,
      qualifications: state.qualifications,
      affiliations: state.affiliations,
      interests: state.interests,
      registeredAt: event.type === RegistryEventTypes.ExpertRegistered ? event.data.registeredAt : view!.registeredAt,
      ...stamp,
    });
  }
}
