import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors';
import { readBodyCapped } from './read-body';

/**
 * Reads a JSON body defensively: a size cap enforced on the bytes actually
 * received (Content-Length can lie), strict UTF-8, then schema validation
 * whose error names the first offending field.
 */
export async function readJsonBody<T extends z.ZodTypeAny>(c: Context, schema: T, maxBytes: number): Promise<z.infer<T>> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  const bytes = await readBodyCapped(c.req.raw, maxBytes);
  if (!bytes) throw tooLarge(maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_utf8', 'The request body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new ApiError(400, 'invalid_request', `Invalid field "${field}": ${issue?.message ?? 'invalid value'}.`, field);
  }
  return parsed.data;
}

export function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'too_large', `The request is larger than the limit of ${maxBytes} bytes.`);
}

/** Validates query parameters; the error names the first offending parameter. */
export function parseQuery<T extends z.ZodTypeAny>(c: Context, schema: T, fallbackField: string): z.infer<T> {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || fallbackField;
  throw new ApiError(400, 'invalid_request', `Invalid query parameter "${field}": ${issue?.message ?? 'invalid value'}.`, field);
}
