/**
 * The one base for errors the project raises on purpose. Each carries a
 * stable machine-readable `code`, the HTTP `status` the edge answers with,
 * and whether trying again later could succeed (`retryable`): Hono's onError
 * maps it to a response, the queue consumer to retry or give up. Messages
 * are safe to show: they never echo user input.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  readonly retryable: boolean;
  /** Whether the message may be shown to the caller; 5xx errors not thrown as answers stay an opaque "internal". */
  readonly expose: boolean;
  readonly field?: string;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: string,
    message: string,
    options: { status?: number; retryable?: boolean; expose?: boolean; field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = options.status ?? 500;
    this.retryable = options.retryable ?? false;
    this.expose = options.expose ?? this.status < 500;
    if (options.field !== undefined) this.field = options.field;
    if (options.headers !== undefined) this.headers = options.headers;
  }
}
