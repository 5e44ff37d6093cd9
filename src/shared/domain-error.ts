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

/**
 * A refusal of the submitted data itself (a computation's rule: too few readings, mixed units, a
 * negative uncertainty), not of the step's timing. The step may be taken once the data is right,
 * so the HTTP edge answers 422 rather than 409; it is still a DomainError everywhere else.
 */
export class InvalidDataError extends DomainError {
  constructor(code: string, text: LocalizedText) {
    super(code, text);
    this.name = 'InvalidDataError';
  }
}

/** The addressed thing does not exist (or is not visible to the caller). HTTP 404. */
export class NotFoundError extends Error {
  constructor(readonly text: LocalizedText) {
    super(text.en);
    this.name = 'NotFoundError';
  }
}
