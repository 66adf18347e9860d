import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { ADMIN_TOKEN, ConsoleClient, consoleEnv, signedIn } from './console-client';

const stageOf = async (channel: string) => (await env.DB.prepare('SELECT stage FROM channels WHERE id = ?').bind(channel).first<{ stage: string }>())?.stage;

/** A second browser holding a copy of another's cookies, as a thief (or a shared computer) would. */
function copyOf(client: ConsoleClient): ConsoleClient {
  const copy = new ConsoleClient(client.base);
  for (const [name, value] of client.cookies) copy.cookies.set(name, value);
  return copy;
}

const signOff = (csrf: string) => ({ _csrf: csrf, to: 'supervised', reason: 'Staff tried it', override: 'on', overrideReason: 'Every reply is reviewed anyway' });

async function lastAudit(action: string) {
  return env.DB.prepare('SELECT actor, details FROM audit_log WHERE action = ? ORDER BY id DESC').bind(action).first<{ actor: string; details: string }>();
}

describe('console sessions are kept server-side', () => {
  it('signing out revokes the session: a copy of the old cookie opens nothing, and its CSRF token changes no stage', async () => {
    const admin = await signedIn('admin', 'ana@example.com');
    const csrf = await admin.csrf('/admin/rollout');
    const stolen = copyOf(admin);
    expect((await stolen.fetch('/admin/audit')).status).toBe(200);

    expect((await admin.fetch('/admin/logout', { form: { _csrf: csrf } })).status).toBe(303);
    const audit = await stolen.fetch('/admin/audit');
    expect(audit.status).toBe(303);
    expect(audit.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Faudit');
    const change = await stolen.fetch('/admin/rollout/web/stage', { form: signOff(csrf) });
    expect(change.status).toBe(401);
    expect(await stageOf('web')).toBe('internal');
    expect(await lastAudit('console-sign-out')).toMatchObject({ actor: 'ana@example.com' });
    const row = await env.DB.prepare("SELECT revoked_reason FROM console_sessions WHERE actor = 'ana@example.com' ORDER BY created_at DESC").first<{ revoked_reason: string }>();
    expect(row?.revoked_reason).toBe('signed-out');
  });

  it('keeps no session identity in the cookie, only a signed id the table knows by its hash', async () => {
    const admin = await signedIn('admin', 'cookie-check@example.com');
    const cookie = admin.cookies.get('countersign_session')!;
    const payload = JSON.parse(atob(cookie.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(Object.keys(payload).sort()).toEqual(['exp', 'id', 'v']);
    expect(JSON.stringify(payload)).not.toContain('cookie-check');
    const { results } = await env.DB.prepare("SELECT id_hash FROM console_sessions WHERE actor = 'cookie-check@example.com'").all<{ id_hash: string }>();
    expect(results).toHaveLength(1);
    expect(results[0]!.id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(results[0]!.id_hash).not.toContain(payload.id);
  });

  it('a rotated ADMIN_TOKEN ends the sessions it opened for good, even with a separate CONSOLE_SESSION_SECRET', async () => {
    const withSecret: Env = { ...consoleEnv, CONSOLE_SESSION_SECRET: 'a-console-session-secret-0123456789' };
    const client = new ConsoleClient();
    expect((await client.signIn(ADMIN_TOKEN, 'rotation@example.com', withSecret)).status).toBe(303);
    expect((await client.fetch('/admin/audit', { env: withSecret })).status).toBe(200);
    const rotated: Env = { ...withSecret, ADMIN_TOKEN: 'the-new-admin-token-after-rotation' };
    expect((await client.fetch('/admin/audit', { env: rotated })).status).toBe(303);
    // Putting the old token back does not bring the session back.
    expect((await client.fetch('/admin/audit', { env: withSecret })).status).toBe(303);
    const row = await env.DB.prepare("SELECT revoked_reason FROM console_sessions WHERE actor = 'rotation@example.com'").first<{ revoked_reason: string }>();
    expect(row?.revoked_reason).toBe('token-rotated');
    // The new token signs in as usual.
    expect((await new ConsoleClient().signIn('the-new-admin-token-after-rotation', 'rotation@example.com', rotated)).status).toBe(303);
  });

  it("an admin's sign out everyone ends every session, needs the CSRF token, and is audited; reviewers cannot", async () => {
    const admin = await signedIn('admin', 'lead@example.com');
    const other = await signedIn('admin', 'other-admin@example.com');
    const reviewer = await signedIn('reviewer', 'rev@example.com');
    const list = await admin.fetch('/admin/sessions');
    expect(list.status).toBe(200);
    const page = await list.text();
    for (const actor of ['lead@example.com', 'other-admin@example.com', 'rev@example.com']) expect(page).toContain(actor);
    expect(page).toContain('action="/admin/sessions/sign-out-everyone"');

    const reviewerCsrf = await reviewer.csrf();
    expect((await reviewer.fetch('/admin/sessions')).status).toBe(403);
    expect((await reviewer.fetch('/admin/sessions/sign-out-everyone', { form: { _csrf: reviewerCsrf } })).status).toBe(403);
    expect((await admin.fetch('/admin/sessions/sign-out-everyone', { form: {} })).status).toBe(403);
    expect((await admin.fetch('/admin/sessions/sign-out-everyone', { form: { _csrf: await admin.csrf() }, origin: 'https://evil.example', site: 'cross-site' })).status).toBe(403);
    expect((await other.fetch('/admin/reviews')).status).toBe(200);

    const otherCsrf = await other.csrf('/admin/rollout');
    const done = await admin.fetch('/admin/sessions/sign-out-everyone', { form: { _csrf: await admin.csrf() } });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/admin/login');
    for (const client of [admin, other, reviewer]) expect((await client.fetch('/admin/reviews')).status).toBe(303);
    expect((await other.fetch('/admin/rollout/web/stage', { form: signOff(otherCsrf) })).status).toBe(401);
    expect(await stageOf('web')).toBe('internal');
    const entry = await lastAudit('console-signed-out-everyone');
    expect(entry?.actor).toBe('lead@example.com');
    expect(JSON.parse(entry!.details).revoked).toBeGreaterThanOrEqual(3);
    const open = await env.DB.prepare('SELECT count(*) AS n FROM console_sessions WHERE revoked_at IS NULL AND expires_at > ?').bind(new Date().toISOString()).first<{ n: number }>();
    expect(open?.n).toBe(0);
    // Signing in again works at once.
    expect((await (await signedIn('admin', 'lead@example.com')).fetch('/admin/reviews')).status).toBe(200);
  });

  it('the nightly retention cron deletes expired sessions and keeps open ones', async () => {
    const insert = (hash: string, expiresAt: string) =>
      env.DB.prepare("INSERT INTO console_sessions (id_hash, actor, role, via, credential, csrf, created_at, expires_at) VALUES (?, 'old@example.com', 'admin', 'token', 'c', 'x', '2026-01-01T00:00:00.000Z', ?)")
        .bind(hash, expiresAt)
        .run();
    await insert('expired-session', '2026-01-01T12:00:00.000Z');
    await insert('open-session', new Date(Date.now() + 3_600_000).toISOString());
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: new Date(), cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const { results } = await env.DB.prepare("SELECT id_hash FROM console_sessions WHERE actor = 'old@example.com'").all<{ id_hash: string }>();
    expect(results.map((row) => row.id_hash)).toEqual(['open-session']);
  });
});
