// Decodes a Web API request body the way Slack reads it. Platform-free (no node:*).
//
// @slack/web-api 8.x sends every call as application/x-www-form-urlencoded
// (node:querystring), JSON-stringifying any argument that is not a string,
// number or boolean: `blocks`, `attachments`, `metadata`, `view` arrive as
// JSON text inside a form field, and booleans and numbers as 'true' / '5'.
// Slack also accepts application/json bodies, but then only with the token in
// the Authorization header, never as a `token` field.

import type { RecordedCall } from './types';

/**
 * Form fields whose value Slack parses as JSON. Only these are decoded, so a
 * `text` that happens to start with '[' stays text.
 */
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'metadata',
  'view',
  'unfurls',
  'user_auth_blocks',
  'user_auth_message',
  'file_uploads',
  // assistant.threads.*
  'prompts',
  'loading_messages',
]);

export interface DecodedBody {
  contentType: RecordedCall['contentType'];
  body: Record<string, unknown>;
  /** The token sent as a body field (form bodies only, as Slack accepts it). */
  bodyToken?: string;
  /** Slack's error code when the body cannot be read. */
  error?: string;
}

export function decodeBody(contentTypeHeader: string | undefined, raw: string, query: URLSearchParams): DecodedBody {
  const mediaType = (contentTypeHeader ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') {
    try {
      const parsed: unknown = raw.length > 0 ? JSON.parse(raw) : {};
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return { contentType: 'json', body: {}, error: 'invalid_json' };
      }
      return { contentType: 'json', body: { ...fromParams(query), ...(parsed as Record<string, unknown>) } };
    } catch {
      return { contentType: 'json', body: {}, error: 'invalid_json' };
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded' || (mediaType === '' && raw.length === 0)) {
    const body = { ...fromParams(query), ...fromParams(new URLSearchParams(raw)) };
    const bodyToken = typeof body.token === 'string' ? body.token : undefined;
    return { contentType: raw.length > 0 ? 'form' : 'none', body, ...(bodyToken !== undefined && { bodyToken }) };
  }
  // multipart/form-data is what WebClient switches to for binary uploads,
  // which this fake does not implement.
  return { contentType: 'other', body: {}, error: 'invalid_form_data' };
}

function fromParams(params: URLSearchParams): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of params) {
    body[key] = JSON_FIELDS.has(key) ? parseJson(value) : value;
  }
  return body;
}

/** Invalid JSON stays a string, which the method then rejects (e.g. invalid_blocks). */
function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The body as recorded for tests: the token is a credential, so it is masked. */
export function redact(body: Record<string, unknown>): Record<string, unknown> {
  return 'token' in body ? { ...body, token: '***' } : { ...body };
}
