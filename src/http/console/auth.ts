import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { D1ConsoleSessions, RevokeReason } from '../../adapters/d1/d1-console-sessions';
import { log } from '../../log';
import { accessVerifier } from './access-jwt';
import { audit } from './audit';
import { type ConsoleConfig, consoleConfig, SESSION_HOURS } from './console-config';
import type { ConsoleEnv } from './console-env';
import { clearCookie, readCookie, SESSION_COOKIE, writeCookie } from './cookies';
import { html } from './html';
import { messagePage, page } from './layout';
import { type ConsoleSession, credentialOf, randomToken, type Role, signSession, verifySession } from './session';
import { wiringFor } from '../../wiring/wiring';

/**
 * Finds who is signed in: a verified Cloudflare Access identity when Access
 * is configured and its header is valid, else the session the cookie points
 * to, if it is stored, unrevoked, unexpired and opened by a token that is
 * still the configured one. Sets `user`, possibly null.
 */
export const loadSession = createMiddleware<ConsoleEnv>(async (c, next) => {
  const config = consoleConfig(c.env);
  if (!config.sessionSecret) {
    c.set('user', null);
    return messagePage(c, 503, 'Console disabled', 'The review console is disabled: set the ADMIN_TOKEN (or CONSOLE_SESSION_SECRET) secret.');
  }
  const now = new Date();
  const cookie = readCookie(c, SESSION_COOKIE);
  const ticket = cookie ? await verifySession(config.sessionSecret, cookie, now) : null;
  const stored = ticket ? await consoleSessions(c.env).find(ticket.id, now) : null;
  const access = config.access ? await accessIdentity(c, config) : null;
  if (access) {
    const role: Role = config.access!.admins.has(access) ? 'admin' : 'reviewer';
    if (stored?.via === 'access' && stored.actor === access && stored.role === role) {
      c.set('user', stored);
    } else {
      const session = await startSession(c, { actor: access, role, via: 'access', credential: 'access' });
      await audit(c.env, { actor: access, action: 'console-sign-in', subject: 'console', details: { role, method: 'cloudflare-access' } });
      c.set('user', session);
    }
  } else {
    c.set('user', stored && (await stillValid(c.env, config, stored, now)) ? stored : null);
  }
  await next();
});

/** The session store, one per request's env (the table is the source of truth, nothing is cached). */
export function consoleSessions(env: Env): D1ConsoleSessions {
  return wiringFor(env).consoleSessions;
}

/** Stores a new session for 12 hours, sets its cookie and returns it. */
export async function startSession(c: Context<ConsoleEnv>, who: Pick<ConsoleSession, 'actor' | 'role' | 'via' | 'credential'>): Promise<ConsoleSession> {
  const config = consoleConfig(c.env);
  const now = new Date();
  const session: ConsoleSession = { ...who, id: randomToken(), expiresAt: Math.floor(now.getTime() / 1000) + SESSION_HOURS * 3600, csrf: randomToken() };
  await consoleSessions(c.env).create(session, now);
  writeCookie(c, SESSION_COOKIE, await signSession(config.sessionSecret!, session), { maxAgeSeconds: SESSION_HOURS * 3600, path: '/admin' });
  return session;
}

/** Revokes the signed-in session and drops its cookie (sign-out, sign out everyone). */
export async function endSession(c: Context<ConsoleEnv>, reason: RevokeReason): Promise<void> {
  const user = c.get('user');
  if (user) await consoleSessions(c.env).revoke(user.id, reason, new Date());
  clearCookie(c, SESSION_COOKIE, '/admin');
  c.set('user', null);
}

/**
 * A token session lasts only while the token that opened it is still the
 * configured one; one opened by a token since rotated is revoked for good,
 * so rotating the token back does not bring it back.
 */
async function stillValid(env: Env, config: ConsoleConfig, session: ConsoleSession, now: Date): Promise<boolean> {
  // An Access session needs a valid Access header on every request (checked above); without one it is not enough.
  if (session.via === 'access') return false;
  const token = session.role === 'admin' ? config.adminToken : config.reviewerToken;
  if (token !== null && session.credential === (await credentialOf(config.sessionSecret!, token))) return true;
  await consoleSessions(env).revoke(session.id, 'token-rotated', now);
  return false;
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
