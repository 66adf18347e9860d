// How the fake records a request: headers with credentials redacted, and the
// body parsed (JSON, or the fields and files of a multipart form). Platform-free.

import type { ParsedForm } from './multipart';
import type { RecordedFilePart } from './types';

/** Lower-cased headers with `authorization` and `api-key` redacted, and whether
 * the bearer token is the expected key (any non-empty token without one). */
export function redactHeaders(raw: Record<string, string | string[] | undefined>, apiKey: string | undefined) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const auth = headers.authorization;
  const authorized = apiKey !== undefined ? auth === `Bearer ${apiKey}` : /^Bearer \S+/.test(auth ?? '');
  if (auth !== undefined) headers.authorization = auth.startsWith('Bearer ') ? 'Bearer ***' : '***';
  if (headers['api-key'] !== undefined) headers['api-key'] = '***';
  return { headers, authorized };
}

/** A multipart form as { field: string, file: RecordedFilePart }; parsed JSON;
 * the raw text if it is not JSON; null if empty. */
export function recordedBody(raw: string, form: ParsedForm | null): unknown {
  if (form) {
    const files = Object.entries(form.files).map(([name, file]): [string, RecordedFilePart] => {
      const text = new TextDecoder().decode(file.data);
      return [name, { filename: file.filename, contentType: file.contentType, bytes: file.data.length, text }];
    });
    return { ...form.fields, ...Object.fromEntries(files) };
  }
  if (raw.length === 0) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
