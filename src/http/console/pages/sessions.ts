import { Hono } from 'hono';
import { audit } from '../audit';
import { consoleSessions, endSession, loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { checkForm } from '../csrf';
import { html, time } from '../html';
import { csrfField, page } from '../layout';

export const sessionRoutes = new Hono<ConsoleEnv>();

// Admins only: who is signed in, and the way to end every session at once (a leaked cookie, a lost laptop).
sessionRoutes.get('/sessions', loadSession, requireRole('admin'), async (c) => {
  const sessions = await consoleSessions(c.env).listActive(new Date());
  return page(c, {
    title: 'Sessions',
    body: html`
      <p class="muted">${sessions.length} open console session${sessions.length === 1 ? '' : 's'}. Signing out ends one; rotating ADMIN_TOKEN or REVIEWER_TOKEN ends those it opened.</p>
      <table class="list">
        <thead><tr><th>Who</th><th>Role</th><th>Signed in with</th><th>Since</th><th>Until</th></tr></thead>
        <tbody>${sessions.map((session) => html`<tr>
          <td>${session.actor}</td><td>${session.role}</td><td>${session.via === 'access' ? 'Cloudflare Access' : 'token'}</td>
          <td>${time(session.createdAt)}</td><td>${time(session.expiresAt)}</td>
        </tr>`)}</tbody>
      </table>
      <form method="post" action="/admin/sessions/sign-out-everyone" class="stack narrow">
        ${csrfField(c.get('user')!.csrf)}
        <p>Ends every console session, yours included: everyone signs in again. Behind Cloudflare Access, staff are signed in again by Access on their next visit.</p>
        <button type="submit" class="reject">Sign out everyone</button>
      </form>`,
  });
});

sessionRoutes.post('/sessions/sign-out-everyone', loadSession, requireRole('admin'), checkForm(), async (c) => {
  const user = c.get('user')!;
  const revoked = await consoleSessions(c.env).revokeAll('signed-out-everyone', new Date());
  await audit(c.env, { actor: user.actor, action: 'console-signed-out-everyone', subject: 'console', details: { revoked } });
  await endSession(c, 'signed-out-everyone');
  return c.redirect('/admin/login', 303);
});
