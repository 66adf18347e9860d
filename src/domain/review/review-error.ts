/** A decision refused before anything changed: no such review, or input it cannot take. */
export class ReviewError extends Error {
  override name = 'ReviewError';
  constructor(
    readonly code: 'not_found' | 'invalid_text' | 'invalid_actions' | 'invalid_reason',
    message: string,
  ) {
    super(message);
  }
}
