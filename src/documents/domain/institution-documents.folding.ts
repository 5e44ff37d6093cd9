import type { DocumentEvent } from '../../../events/document.events.js';
import type { Folding } from '../../event-store/event-sourced-command.js';
import { evolveDocuments, initialInstitutionDocumentsState, type InstitutionDocumentsState } from './institution-documents.js';

export const institutionDocumentsFolding: Folding<InstitutionDocumentsState, DocumentEvent> = {
  initial: initialInstitutionDocumentsState,
  evolve: evolveDocuments,
  // An institution files documents for years; every upload and every attachment folds its stream.
  snapshot: { version: 'institution-documents/1', every: 100 },
};
