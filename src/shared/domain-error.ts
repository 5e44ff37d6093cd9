/** User-facing text in both languages the system speaks. */
export interface LocalizedText {
  en: string;
  'zh-CN': string;
}

/**
 * A refusal by the domain: the step is not allowed now, and `text` says which rule refused it
 * in words a user understands. The HTTP edge answers it with 409 problem details.
 */
export class DomainError extends Error {
  constructor(
    /** Stable, machine-readable name of the rule, e.g. `assessment.not-submitted`. */
    readonly code: string,
    readonly text: LocalizedText,
  ) {
    super(text.en);
    this.name = 'DomainError';
  }
}

/** The addressed thing does not exist (or is not visible to the caller). HTTP 404. */
export class NotFoundError extends Error {
  constructor(readonly text: LocalizedText) {
    super(text.en);
    this.name = 'NotFoundError';
  }
}
