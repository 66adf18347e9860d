import type { Context } from 'hono';
import { readBodyCapped } from '../read-body';
import { createMiddleware } from 'hono/factory';
import { constantTimeEqual } from '../../domain/crypto/hmac';
import type { ConsoleEnv } from './console-env';
import { messagePage } from './layout';

/**
 * True unless the browser says the request came from another origin. A
 * browser sends Origin on every POST and Sec-Fetch-Site on every request;
 * either one naming another site is enough to refuse. Clients that send
 * neither (curl) still need the CSRF token.
 */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== new URL(c.req.url).origin) return false;
  const site = c.req.header('sec-fetch-site');
  return site === undefined || site === 'same-origin';
}

/**
 * Reads a form body of at most `maxBytes`: the declared length is checked
 * first (nothing is buffered for a body that admits to being too large),
 * then the bytes actually received, since Content-Length can lie or be absent.
 */
export async function readForm(c: Context, maxBytes: number): Promise<Record<string, string | File> | null> {
  if (Number(c.req.header('content-length') ?? 0) > maxBytes) return null;
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return null;
  const bytes = await readBodyCapped(c.req.raw, maxBytes);
  if (!bytes) return null;
  try {
    // Parsed from the bytes already read (the request's own stream is consumed); the last value of a repeated field wins.
    const form = await new Request(c.req.url, { method: 'POST', headers: { 'content-type': type }, body: bytes }).formData();
    const fields: Record<string, string | File> = {};
    for (const [name, value] of form.entries()) fields[name] = value;
    parsedForms.set(c.req.raw, fields);
    return fields;
  } catch {
    return null;
  }
}

/**
 * Every console form post: same origin, a body within `maxBytes`, and the
 * session's CSRF token in the `_csrf` field. The token lives in the signed,
 * HttpOnly session cookie and in the page's forms; another site can make the
 * browser send the cookie (not with SameSite=Strict, but older browsers) yet
 * cannot read the page to learn the token. Run after requireRole.
 */
export function checkForm(maxBytes = 64 * 1024) {
  return createMiddleware<ConsoleEnv>(async (c, next) => {
    if (!sameOrigin(c)) return messagePage(c, 403, 'Refused', 'This form was sent from another site.');
    const form = await readForm(c, maxBytes);
    if (!form) return messagePage(c, 413, 'Refused', `The form is empty, of the wrong type, or larger than ${maxBytes} bytes.`);
    const token = typeof form._csrf === 'string' ? form._csrf : '';
    const user = c.get('user');
    if (!user || !token || !(await constantTimeEqual(token, user.csrf))) {
      return messagePage(c, 403, 'Refused', 'The form had expired or was not sent from this console. Reload the page and try again.');
    }
    await next();
  });
}

/** The parsed form (cached by Hono, so reading it again is free). */
/** Forms read (and size-checked) by readForm, for the handlers after checkForm. */
const parsedForms = new WeakMap<Request, Record<string, string | File>>();

export async function formOf(c: Context): Promise<Record<string, string | File>> {
  return parsedForms.get(c.req.raw) ?? ((await c.req.parseBody()) as Record<string, string | File>);
}

export function field(form: Record<string, string | File>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}
