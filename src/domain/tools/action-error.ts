/**
 * A write action that failed after it was approved. `retryable` tells the
 * runner whether trying again later (with the same idempotency key) could
 * succeed: a timeout or a 5xx may; a 4xx (the receiver refused the request)
 * will not. Messages are safe to show staff: they never contain secrets.
 */
export class ActionError extends Error {
  override name = 'ActionError';
  constructor(
    message: string,
    readonly code: 'rejected' | 'server_error' | 'timeout' | 'connection' | 'unexpected_response',
    readonly retryable: boolean,
    readonly statusCode?: number,
  ) {
    super(message);
  }
}
