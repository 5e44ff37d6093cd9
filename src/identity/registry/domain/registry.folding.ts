import type { ExpertEvent, InstitutionEvent } from '../../../../events/registry.events.js';
import type { Folding } from '../../../event-store/event-sourced-command.js';
import { evolveExpert, initialExpertState, type ExpertState } from './expert.js';
import { evolveInstitution, initialInstitutionState, type InstitutionState } from './institution.js';

export const institutionFolding: Folding<InstitutionState, InstitutionEvent> = {
  initial: initialInstitutionState,
  evolve: evolveInstitution,
};

export const expertFolding: Folding<ExpertState, ExpertEvent> = {
  initial: initialExpertState,
  evolve: evolveExpert,
};
