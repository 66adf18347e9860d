import { Hono } from 'hono';
import { hit } from '../../../adapters/d1/d1-rate-limits';
import { ipKey } from '../../../adapters/web/ip-key';
import { constantTimeEqual } from '../../../domain/crypto/hmac';
import { audit } from '../audit';
import { endSession, loadSession, startSession } from '../auth';
import { consoleConfig } from '../console-config';
import type { ConsoleEnv } from '../console-env';
import { clearCookie, LOGIN_COOKIE, readCookie, writeCookie } from '../cookies';
import { checkForm, field, readForm, sameOrigin } from '../csrf';
import { html } from '../html';
import { messagePage, notice, page } from '../layout';
import { credentialOf, randomToken, type Role } from '../session';

/** Failed sign-ins allowed per IP address per minute. */
const FAILED_PER_MINUTE = 20;

export const loginRoutes = new Hono<ConsoleEnv>();

/** Only a console path on this site: `next` must never send anyone elsewhere. */
export function safeNext(value: string | undefined): string {
  const ok = value && /^\/admin(\/[^/\\]|$|\?)/.test(value) && !/[\s\p{Cc}]/u.test(value) && !value.startsWith('/admin/login');
  return ok ? value : '/admin/reviews';
}

loginRoutes.get('/login', loadSession, async (c) => {
  const next = safeNext(c.req.query('next'));
  if (c.get('user')) return c.redirect(next, 303);
  // Double-submit token for the sign-in form itself (there is no session yet),
  // so another site cannot sign a browser in to an account of its choosing.
  const loginToken = randomToken();
  writeCookie(c, LOGIN_COOKIE, loginToken, { maxAgeSeconds: 15 * 60, path: '/admin/login' });
  return loginPage(c, { next, loginToken });
});

loginRoutes.post('/login', async (c) => {
  c.set('user', null);
  const config = consoleConfig(c.env);
  if (!config.sessionSecret) return messagePage(c, 503, 'Console disabled', 'The review console is disabled: set the ADMIN_TOKEN secret.');
  if (!sameOrigin(c)) return messagePage(c, 403, 'Refused', 'This form was sent from another site.');
  const form = await readForm(c, 8 * 1024);
  const cookieToken = readCookie(c, LOGIN_COOKIE) ?? '';
  const formToken = form ? field(form, '_login') : '';
  if (!form || !cookieToken || !formToken || !(await constantTimeEqual(formToken, cookieToken))) {
    return messagePage(c, 403, 'Refused', 'The sign-in form had expired. Open the sign-in page again.');
  }
  const next = safeNext(field(form, 'next'));
  const actor = field(form, 'actor').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  const token = field(form, 'token').trim();
  if (!actor || actor.length > 200) return loginPage(c, { next, loginToken: cookieToken, actor, error: 'Give your name or email (up to 200 characters): decisions are recorded under it.' }, 400);

  // Every attempt is counted before the token is compared (increment first, so parallel guesses cannot all slip under the limit).
  const ip = ipKey(c.req.header('cf-connecting-ip') ?? 'unknown');
  if (!(await hit(c.env.DB, `console-login:${ip}`, FAILED_PER_MINUTE, Date.now())).ok) {
    return loginPage(c, { next, loginToken: cookieToken, actor, error: 'Too many sign-in attempts from here. Wait a minute.' }, 429);
  }

  const role = await roleFor(token, config.adminToken, config.reviewerToken);
  if (!role) {
    // The name is as typed (unverified); the token is never recorded.
    await audit(c.env, { actor, action: 'console-sign-in-failed', subject: 'console', details: { method: 'token' } });
    return loginPage(c, { next, loginToken: cookieToken, actor, error: 'That token is not valid.' }, 401);
  }
  const credential = await credentialOf(config.sessionSecret, role === 'admin' ? config.adminToken! : config.reviewerToken!);
  const session = await startSession(c, { actor, role, via: 'token', credential });
  clearCookie(c, LOGIN_COOKIE, '/admin/login');
  await audit(c.env, { actor: session.actor, action: 'console-sign-in', subject: 'console', details: { role, method: 'token' } });
  return c.redirect(next, 303);
});

loginRoutes.post('/logout', loadSession, checkForm(), async (c) => {
  // The form's CSRF token and origin are checked like every other form, so
  // another site cannot sign staff out. The stored session is revoked, so a
  // copy of the cookie (and its CSRF token) opens nothing afterwards.
  const user = c.get('user')!;
  await endSession(c, 'signed-out');
  await audit(c.env, { actor: user.actor, action: 'console-sign-out', subject: 'console', details: { role: user.role, method: user.via === 'access' ? 'cloudflare-access' : 'token' } });
  return c.redirect('/admin/login', 303);
});

/** Both tokens are always compared, so timing does not tell which one a guess came close to. */
async function roleFor(token: string, adminToken: string | null, reviewerToken: string | null): Promise<Role | null> {
  if (!token) return null;
  const [admin, reviewer] = await Promise.all([
    adminToken ? constantTimeEqual(token, adminToken) : false,
    reviewerToken ? constantTimeEqual(token, reviewerToken) : false,
  ]);
  return admin ? 'admin' : reviewer ? 'reviewer' : null;
}

function loginPage(
  c: Parameters<typeof page>[0],
  options: { next: string; loginToken: string; actor?: string; error?: string },
  status: 200 | 400 | 401 | 429 = 200,
): Response {
  const access = consoleConfig(c.env).access;
  return page(c, {
    title: 'Sign in',
    status,
    body: html`
      ${notice('error', options.error)}
      ${access ? html`<p class="muted">Behind Cloudflare Access you are signed in automatically; the token is for access without it.</p>` : ''}
      <form method="post" action="/admin/login" class="stack narrow">
        <input type="hidden" name="_login" value="${options.loginToken}">
        <input type="hidden" name="next" value="${options.next}">
        <label>Your name or email <input name="actor" required maxlength="200" autocomplete="username" value="${options.actor ?? ''}"></label>
        <label>Token <input name="token" type="password" required autocomplete="current-password"></label>
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">Admins use ADMIN_TOKEN; reviewers use REVIEWER_TOKEN. Your name goes in the audit log with every decision.</p>`,
  });
}
