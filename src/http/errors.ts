import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { KnowledgeInputError } from '../domain/knowledge/errors';
import { log } from '../log';

/** The JSON error envelope every endpoint answers with. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string };
}

/**
 * The one error type routes throw for a known failure: a status, a stable
 * machine-readable code, a message safe to show, and the offending field.
 */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(status, { message });
  }
}

const INPUT_ERROR_STATUS: Record<KnowledgeInputError['code'], ContentfulStatusCode> = {
  empty_document: 400,
  binary_content: 400,
  invalid_utf8: 400,
  unparseable: 400,
  too_large: 413,
  // A raw PDF where no PDF library runs: the media type is what is refused.
  pdf_needs_ingest: 415,
  audience_change: 409,
};

/** Known errors become their envelope; anything else is logged and becomes a bare 500. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    return c.json(envelope(error.code, error.message, error.field), error.status, error.headers);
  }
  if (error instanceof KnowledgeInputError) {
    return c.json(envelope(error.code, error.message, error.field), INPUT_ERROR_STATUS[error.code]);
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
