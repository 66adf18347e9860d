import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'countersign_session';
export const LOGIN_COOKIE = 'countersign_login';

/**
 * Secure everywhere except plain http on this machine: `npm run dev` serves
 * http://127.0.0.1:8787, and while Chrome and Firefox accept Secure cookies
 * from http://localhost, Safari does not, and 127.0.0.1 is not treated
 * alike everywhere. Any other http origin still gets Secure, so the console
 * cannot be used over plain http on a network.
 */
export function secureCookies(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return !(protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]'));
}

export function readCookie(c: Context, name: string): string | undefined {
  return getCookie(c, name);
}

/** HttpOnly (scripts never see it), SameSite=Strict (never sent from another site), scoped to /admin. */
export function writeCookie(c: Context, name: string, value: string, options: { maxAgeSeconds: number; path: string }): void {
  setCookie(c, name, value, {
    httpOnly: true,
    secure: secureCookies(c.req.url),
    sameSite: 'Strict',
    path: options.path,
    maxAge: options.maxAgeSeconds,
  });
}

export function clearCookie(c: Context, name: string, path: string): void {
  deleteCookie(c, name, { path, secure: secureCookies(c.req.url), httpOnly: true, sameSite: 'Strict' });
}
