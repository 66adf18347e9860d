import { canonicalUrl, sameOrigin } from './canonical-url';

/** The HTTP client a crawl uses: `fetch`, or a test's stand-in for it. */
export type HttpFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export interface FetchLimits {
  /** Bodies over this many bytes are refused, not truncated (half a page would be indexed as the page). */
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  userAgent: string;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  maxBytes: 2 * 1024 * 1024,
  timeoutMs: 15_000,
  maxRedirects: 5,
  userAgent: 'CountersignBot/1.0 (+https://github.com/countersign/countersign; knowledge sync)',
};

export type FetchedPage =
  /** 200 with a body we can read: the final URL after redirects, the text as UTF-8, and validators for next time. */
  | { kind: 'ok'; url: string; text: string; contentType: string; validators: Validators }
  /** 304: the copy we have is current. */
  | { kind: 'unchanged'; url: string }
  /** 404 or 410: the page is gone from the site. */
  | { kind: 'gone'; url: string; status: number }
  /** Anything else: reported per page; what is indexed stays as it is. */
  | { kind: 'failed'; url: string; reason: string };

/**
 * Fetches one URL of a site the way a polite crawler does: conditional on the
 * validators of the last fetch, redirects followed by hand (same origin only,
 * loops and long chains refused), size and time bounded, and the body decoded
 * from its declared charset (UTF-8 by default) strictly, so mojibake is
 * reported instead of indexed.
 */
export async function fetchPage(
  fetcher: HttpFetch,
  url: string,
  previous: Validators | null,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
  accept = 'text/html,application/xhtml+xml',
  /** Waited before each redirect hop: a redirect is one more request to the same host. */
  pause: () => Promise<void> = async () => {},
): Promise<FetchedPage> {
  const visited = new Set<string>();
  let current = url;
  for (let hop = 0; hop <= limits.maxRedirects; hop++) {
    if (visited.has(current)) return { kind: 'failed', url, reason: 'redirect loop' };
    visited.add(current);
    if (hop > 0) await pause();
    const headers: Record<string, string> = { 'user-agent': limits.userAgent, accept };
    if (previous?.etag) headers['if-none-match'] = previous.etag;
    if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
    let response: Response;
    try {
      response = await fetcher(current, { headers, redirect: 'manual', signal: AbortSignal.timeout(limits.timeoutMs) });
    } catch (error) {
      return { kind: 'failed', url, reason: (error as Error)?.name === 'TimeoutError' ? 'timed out' : 'unreachable' };
    }
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      await discard(response);
      const next = canonicalUrl(response.headers.get('location') ?? '', current);
      if (!next) return { kind: 'failed', url, reason: `redirect (${response.status}) without a usable location` };
      if (!sameOrigin(next, url)) return { kind: 'failed', url, reason: 'redirects to another site' };
      current = next;
      continue;
    }
    return readResponse(response, url, current, limits);
  }
  return { kind: 'failed', url, reason: `more than ${limits.maxRedirects} redirects` };
}

async function readResponse(response: Response, url: string, finalUrl: string, limits: FetchLimits): Promise<FetchedPage> {
  if (response.status === 304) {
    await discard(response);
    return { kind: 'unchanged', url: finalUrl };
  }
  if (response.status === 404 || response.status === 410) {
    await discard(response);
    return { kind: 'gone', url, status: response.status };
  }
  if (response.status !== 200) {
    await discard(response);
    return { kind: 'failed', url, reason: `HTTP ${response.status}` };
  }
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limits.maxBytes) {
    await discard(response);
    return { kind: 'failed', url, reason: `over the size limit (${declared} bytes > ${limits.maxBytes})` };
  }
  const bytes = await readCapped(response, limits.maxBytes);
  if (!bytes) return { kind: 'failed', url, reason: `over the size limit (more than ${limits.maxBytes} bytes)` };
  const charset = /charset=["']?([\w-]+)/.exec(contentType)?.[1] ?? sniffCharset(bytes) ?? 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(charset, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    return { kind: 'failed', url, reason: error instanceof RangeError ? `unsupported charset ${charset.slice(0, 40)}` : `not valid ${charset.slice(0, 40)} text` };
  }
  return {
    kind: 'ok',
    url: finalUrl,
    text,
    contentType: contentType.split(';')[0]!.trim(),
    validators: { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') },
  };
}

/** The body of a request or response, or null once it passes the limit (the rest is never read). */
export async function readCapped(message: { body: ReadableStream<Uint8Array> | null }, maxBytes: number): Promise<Uint8Array | null> {
  if (!message.body) return new Uint8Array();
  const reader = message.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/** <meta charset> (or http-equiv) in the first KiB, as browsers look for it. */
function sniffCharset(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? null;
}

/** Drops a body we will not read; a connection already gone is no error of ours. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}
