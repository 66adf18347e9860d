// A strict multipart/form-data parser (RFC 7578) for the fake's file uploads.
// Works on bytes, so binary and non-ASCII content survive exactly; platform-free
// (Uint8Array and TextDecoder only, no Buffer).

export interface FormFile {
  filename: string;
  contentType: string | null;
  data: Uint8Array;
}

export interface ParsedForm {
  /** Plain fields (parts without a filename), decoded as UTF-8. */
  fields: Record<string, string>;
  /** File parts by field name. */
  files: Record<string, FormFile>;
}

export class MultipartError extends Error {
  override name = 'MultipartError';
}

const CRLF = [13, 10];
const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8');

/** The boundary of a `multipart/form-data` content type, or null for any other type. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const startsWith = (bytes: Uint8Array, at: number, expected: number[]) => expected.every((b, i) => bytes[at + i] === b);

/** `name="file"; filename="a.jsonl"` → { name: 'file', filename: 'a.jsonl' }. */
function dispositionParams(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of value.matchAll(/;\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    params[match[1]!.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!.trim();
  }
  return params;
}

/**
 * Splits a body into its parts: the body starts with `--boundary`, each part
 * is headers, a blank line and content, followed by CRLF `--boundary`; the last
 * delimiter ends with `--`. Anything malformed throws a MultipartError.
 */
export function parseMultipart(body: Uint8Array, boundary: string): ParsedForm {
  const delimiter = encoder.encode(`--${boundary}`);
  const nextDelimiter = encoder.encode(`\r\n--${boundary}`);
  const form: ParsedForm = { fields: {}, files: {} };
  let position = indexOf(body, delimiter, 0);
  if (position === -1) throw new MultipartError('the body does not contain the boundary');
  position += delimiter.length;
  for (;;) {
    if (startsWith(body, position, [45, 45])) return form; // "--": the closing delimiter
    if (!startsWith(body, position, CRLF)) throw new MultipartError('a boundary is not followed by CRLF');
    const headerStart = position + 2;
    const headerEnd = indexOf(body, encoder.encode('\r\n\r\n'), headerStart);
    if (headerEnd === -1) throw new MultipartError('a part has no end of headers');
    const headers: Record<string, string> = {};
    for (const line of utf8.decode(body.subarray(headerStart, headerEnd)).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new MultipartError(`malformed part header "${line}"`);
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const contentStart = headerEnd + 4;
    const contentEnd = indexOf(body, nextDelimiter, contentStart);
    if (contentEnd === -1) throw new MultipartError('a part is not closed by the boundary');
    const disposition = headers['content-disposition'] ?? '';
    if (!/^form-data\s*(;|$)/i.test(disposition)) throw new MultipartError('a part lacks Content-Disposition: form-data');
    const params = dispositionParams(disposition);
    if (params.name === undefined) throw new MultipartError('a part has no name');
    const data = body.slice(contentStart, contentEnd);
    if (params.filename !== undefined) {
      form.files[params.name] = { filename: params.filename, contentType: headers['content-type'] ?? null, data };
    } else {
      form.fields[params.name] = utf8.decode(data);
    }
    position = contentEnd + nextDelimiter.length;
  }
}
