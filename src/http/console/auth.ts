import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { log } from '../../platform/log';
import { accessVerifier } from './access-jwt';
import { audit } from './audit';
import { type ConsoleConfig, consoleConfig, SESSION_HOURS } from './console-config';
import type { ConsoleEnv } from './console-env';
import { readCookie, SESSION_COOKIE, writeCookie } from './cookies';
import { html } from './html';
import { messagePage, page } from './layout';
import { type ConsoleSession, credentialOf, randomToken, type Role, signSession, verifySession } from './session';

/**
 * Finds who is signed in: a verified Cloudflare Access identity when Access
 * is configured and its header is valid, else the session cookie (checked
 * against the credential that opened it). Sets `user`, possibly null.
 */
export const loadSession = createMiddleware<ConsoleEnv>(async (c, next) => {
  const config = consoleConfig(c.env);
  if (!config.sessionSecret) {
    c.set('user', null);
    return messagePage(c, 503, 'Console disabled', 'The review console is disabled: set the ADMIN_TOKEN (or CONSOLE_SESSION_SECRET) secret.');
  }
  const now = new Date();
  const cookie = readCookie(c, SESSION_COOKIE);
  const fromCookie = cookie ? await verifySession(config.sessionSecret, cookie, now) : null;
  const access = config.access ? await accessIdentity(c, config) : null;
  if (access) {
    const role: Role = config.access!.admins.has(access) ? 'admin' : 'reviewer';
    if (fromCookie?.via === 'access' && fromCookie.actor === access && fromCookie.role === role) {
      c.set('user', fromCookie);
    } else {
      const session = await startSession(c, { actor: access, role, via: 'access', credential: 'access' });
      await audit(c.env, { actor: access, action: 'console-sign-in', subject: 'console', details: { role, method: 'cloudflare-access' } });
      c.set('user', session);
    }
  } else {
    c.set('user', fromCookie && (await stillValid(config, fromCookie)) ? fromCookie : null);
  }
  await next();
});

/** Issues a session cookie for 12 hours and returns the session. */
export async function startSession(c: Context<ConsoleEnv>, who: Pick<ConsoleSession, 'actor' | 'role' | 'via' | 'credential'>): Promise<ConsoleSession> {
  const config = consoleConfig(c.env);
  const session: ConsoleSession = { ...who, expiresAt: Math.floor(Date.now() / 1000) + SESSION_HOURS * 3600, csrf: randomToken() };
  writeCookie(c, SESSION_COOKIE, await signSession(config.sessionSecret!, session), { maxAgeSeconds: SESSION_HOURS * 3600, path: '/admin' });
  return session;
}

/** A token session lasts only while the token that opened it is still the configured one. */
async function stillValid(config: ConsoleConfig, session: ConsoleSession): Promise<boolean> {
  // An Access session needs a valid Access header on every request (checked above); without one it is not enough.
  if (session.via === 'access') return false;
  const token = session.role === 'admin' ? config.adminToken : config.reviewerToken;
  return token !== null && session.credential === (await credentialOf(config.sessionSecret!, token));
}

async function accessIdentity(c: Context<ConsoleEnv>, config: ConsoleConfig): Promise<string | null> {
  const assertion = c.req.header('cf-access-jwt-assertion');
  if (!assertion || !config.access) return null;
  const result = await accessVerifier(config.access.teamDomain, config.access.audience).verify(assertion);
  if (result.ok) return result.email;
  log('console-access-refused', { reason: result.reason });
  return null;
}

/**
 * Lets the request through only for a signed-in user with at least `role`.
 * Without a session a page view goes to the sign-in form (and back after);
 * a form post is refused, since its data cannot survive the detour.
 */
export function requireRole(role: Role) {
  return createMiddleware<ConsoleEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user) {
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return messagePage(c, 401, 'Signed out', html`Your session has ended. <a href="/admin/login">Sign in</a> again.`);
      const url = new URL(c.req.url);
      const next = `${url.pathname}${url.search}`;
      // SameSite=Strict keeps the cookie off a navigation that starts on another
      // site (a link in Slack); one same-origin hop brings it back.
      if (!readCookie(c, SESSION_COOKIE) && /^(cross-site|same-site)$/.test(c.req.header('sec-fetch-site') ?? '')) {
        return page(c, {
          title: 'Opening…',
          body: html`<meta http-equiv="refresh" content="0;url=${next}"><p><a href="${next}">Continue</a></p>`,
        });
      }
      return c.redirect(`/admin/login?next=${encodeURIComponent(next)}`, 303);
    }
    if (role === 'admin' && user.role !== 'admin') return messagePage(c, 403, 'Admins only', 'Only admins can do this. Ask an admin, or sign in with the admin token.');
    await next();
  });
}
