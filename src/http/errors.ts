import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../domain/app-error';
import { log } from '../log';

/** The JSON error envelope every endpoint answers with. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string };
}

/**
 * The error routes throw for a known failure: a status, a stable
 * machine-readable code, a message safe to show, and the offending field.
 * An AppError like every deliberate error, so onError maps them all alike.
 */
export class ApiError extends AppError {
  override name = 'ApiError';
  declare readonly status: ContentfulStatusCode;

  constructor(status: ContentfulStatusCode, code: string, message: string, field?: string, headers?: Record<string, string>) {
    super(code, message, { status, expose: true, ...(field !== undefined ? { field } : {}), ...(headers ? { headers } : {}) });
  }
}

/** Known errors become their envelope; anything else is logged and becomes a bare 500. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof AppError && error.expose) {
    return c.json(envelope(error.code, error.message, error.field), error.status as ContentfulStatusCode, error.headers);
  }
  if (error instanceof HTTPException) {
    return c.json(envelope(`http_${error.status}`, error.message || 'Request failed'), error.status);
  }
  const requestId = crypto.randomUUID();
  // Name and stack frames only: the message (also the stack's first line) may carry user input.
  const frames = error.stack?.split('\n').slice(1).join('\n');
  log('request-failed', { requestId, method: c.req.method, path: new URL(c.req.url).pathname, error: error.name, stack: frames });
  return c.json({ error: { code: 'internal', message: 'Internal error', requestId } } satisfies ErrorBody, 500);
}

function envelope(code: string, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
}
