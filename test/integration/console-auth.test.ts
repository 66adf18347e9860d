import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, ConsoleClient, consoleEnv, ORIGIN, signedIn } from './console-client';

async function auditRows(action: string) {
  const { results } = await env.DB.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id').bind(action).all<{ actor: string; details: string }>();
  return results;
}

describe('console sign-in', () => {
  it('sends a visitor without a session to the sign-in form, and back after', async () => {
    const client = new ConsoleClient();
    const response = await client.fetch('/admin/history?status=approved');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fhistory%3Fstatus%3Dapproved');
  });

  it('exchanges the admin token for an HttpOnly, Secure, SameSite=Strict session cookie, and audits it', async () => {
    const client = new ConsoleClient();
    const response = await client.signIn(ADMIN_TOKEN, 'ana@example.com');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/reviews');
    const session = client.lastSetCookies.find((cookie) => cookie.startsWith('countersign_session='));
    expect(session).toBeDefined();
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; SameSite=Strict/i);
    expect(session).toMatch(/; Path=\/admin(;|$)/);
    expect(session).toMatch(/; Max-Age=43200/);
    const page = await client.fetch('/admin/reviews');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('ana@example.com');
    expect(html).toMatch(/class="role">admin</);
    const entries = await auditRows('console-sign-in');
    expect(entries.at(-1)).toMatchObject({ actor: 'ana@example.com' });
    expect(JSON.parse(entries.at(-1)!.details)).toEqual({ role: 'admin', method: 'token' });
  });

  it('refuses a wrong token with 401, sets no session, and audits the failure without the token', async () => {
    const client = new ConsoleClient();
    const response = await client.signIn('guess-guess-guess', 'mallory');
    expect(response.status).toBe(401);
    expect(client.lastSetCookies).toEqual([]);
    expect(client.cookies.has('countersign_session')).toBe(false);
    expect(await response.text()).toContain('That token is not valid.');
    const failed = (await auditRows('console-sign-in-failed')).at(-1)!;
    expect(failed.actor).toBe('mallory');
    expect(failed.details).not.toContain('guess');
    expect((await client.fetch('/admin/reviews')).status).toBe(303);
  });

  it('refuses a sign-in form from another site or without its form token', async () => {
    const client = new ConsoleClient();
    await client.fetch('/admin/login');
    const body = { actor: 'x', token: ADMIN_TOKEN, _login: client.cookies.get('countersign_login')! };
    expect((await client.fetch('/admin/login', { form: body, origin: 'https://evil.example', site: 'cross-site' })).status).toBe(403);
    expect((await client.fetch('/admin/login', { form: { ...body, _login: 'forged' } })).status).toBe(403);
    expect((await new ConsoleClient().fetch('/admin/login', { form: body })).status).toBe(403);
    expect(client.cookies.has('countersign_session')).toBe(false);
  });

  it('omits Secure only for plain http on this machine (npm run dev)', async () => {
    const local = new ConsoleClient('http://127.0.0.1:8787');
    expect((await local.signIn(ADMIN_TOKEN)).status).toBe(303);
    const cookie = local.lastSetCookies.find((value) => value.startsWith('countersign_session='))!;
    expect(cookie).not.toMatch(/Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    const remote = new ConsoleClient('http://console.example');
    await remote.signIn(ADMIN_TOKEN);
    expect(remote.lastSetCookies.find((value) => value.startsWith('countersign_session='))).toMatch(/; Secure/i);
  });

  it('ignores a tampered cookie, and ends sessions when their token is rotated', async () => {
    const client = await signedIn('reviewer');
    expect((await client.fetch('/admin/reviews')).status).toBe(200);
    const rotated = { ...consoleEnv, REVIEWER_TOKEN: 'a-new-reviewer-token-987654' };
    expect((await client.fetch('/admin/reviews', { env: rotated })).status).toBe(303);
    const [payload, signature] = client.cookies.get('countersign_session')!.split('.');
    const decoded = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')));
    const forged = btoa(JSON.stringify({ ...decoded, role: 'admin' })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    client.cookies.set('countersign_session', `${forged}.${signature}`);
    expect((await client.fetch('/admin/reviews')).status).toBe(303);
  });

  it("signs out, only with the form's CSRF token", async () => {
    const client = await signedIn('admin');
    expect((await client.fetch('/admin/logout', { form: {} })).status).toBe(403);
    expect((await client.fetch('/admin/reviews')).status).toBe(200);
    const csrf = await client.csrf();
    const response = await client.fetch('/admin/logout', { form: { _csrf: csrf } });
    expect(response.status).toBe(303);
    expect(client.cookies.has('countersign_session')).toBe(false);
    expect((await client.fetch('/admin/reviews')).status).toBe(303);
  });

  it('limits sign-in attempts per address, counting parallel guesses before any token is compared', async () => {
    const client = new ConsoleClient();
    const html = await (await client.fetch('/admin/login')).text();
    const loginToken = /name="_login" value="([^"]+)"/.exec(html)![1]!;
    const guess = (index: number) =>
      client.fetch('/admin/login', { form: { _login: loginToken, actor: 'guesser', token: `guess-${index}`, next: '/admin/reviews' }, headers: { 'cf-connecting-ip': '198.51.100.77' } });
    const statuses = (await Promise.all(Array.from({ length: 25 }, (_, index) => guess(index)))).map((response) => response.status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    expect(statuses.filter((status) => status === 401)).toHaveLength(20);
  });

  it('never redirects outside the console after sign-in', async () => {
    const client = new ConsoleClient();
    const form = await (await client.fetch('/admin/login?next=//evil.example/x')).text();
    expect(form).toContain('name="next" value="/admin/reviews"');
  });

  it('lets a link from another site through one same-origin hop, so the Strict cookie comes along', async () => {
    const response = await new ConsoleClient().fetch('/admin/reviews/abc', { site: 'cross-site' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('http-equiv="refresh" content="0;url=/admin/reviews/abc"');
  });
});

describe('console pages', () => {
  it('send the security headers', async () => {
    const client = await signedIn('admin');
    const signIn = await new ConsoleClient().fetch('/admin/login');
    expect(signIn.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(signIn.headers.get('x-frame-options')).toBe('DENY');
    for (const path of ['/admin/reviews', '/admin/history', '/admin/conversations', '/admin/knowledge', '/admin/dashboard', '/admin/rollout', '/admin/audit']) {
      const response = await client.fetch(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
      );
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).not.toMatch(/<script>|style="/);
    }
  });

  it('leave the JSON admin API and its 404 alone', async () => {
    const unknown = await SELF.fetch(`${ORIGIN}/admin/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint.' } });
    const documents = await SELF.fetch(`${ORIGIN}/admin/documents`);
    expect(documents.status).toBe(401);
    expect(await documents.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const channels = await SELF.fetch(`${ORIGIN}/admin/channels`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await channels.json()).toMatchObject({ channels: expect.any(Array) });
  });
});

describe('CSRF', () => {
  it('refuses a form post without the token, with a wrong one, or from another site', async () => {
    const client = await signedIn('admin');
    const csrf = await client.csrf();
    const form = { to: 'supervised', reason: 'csrf test' };
    expect((await client.fetch('/admin/rollout/web/stage', { form })).status).toBe(403);
    expect((await client.fetch('/admin/rollout/web/stage', { form: { ...form, _csrf: `${csrf}x` } })).status).toBe(403);
    expect((await client.fetch('/admin/rollout/web/stage', { form: { ...form, _csrf: csrf }, origin: 'https://evil.example', site: null })).status).toBe(403);
    expect((await client.fetch('/admin/rollout/web/stage', { form: { ...form, _csrf: csrf }, origin: null, site: 'cross-site' })).status).toBe(403);
    // Another session's token is no good either.
    const other = await signedIn('admin', 'bo@example.com');
    expect((await client.fetch('/admin/rollout/web/stage', { form: { ...form, _csrf: await other.csrf() } })).status).toBe(403);
    expect((await env.DB.prepare("SELECT stage FROM channels WHERE id = 'web'").first<{ stage: string }>())?.stage).toBe('internal');
  });
});

describe('roles', () => {
  it('lets reviewers read but not upload, delete, change stages or read the audit log', async () => {
    const reviewer = await signedIn('reviewer');
    const csrf = await reviewer.csrf();
    const knowledge = await reviewer.fetch('/admin/knowledge');
    expect(knowledge.status).toBe(200);
    expect(await knowledge.text()).not.toContain('action="/admin/knowledge" enctype');
    expect((await reviewer.fetch('/admin/knowledge', { form: { _csrf: csrf, id: 'x.md', audience: 'public', content: '# X\nhello' } })).status).toBe(403);
    expect((await reviewer.fetch('/admin/knowledge/delete', { form: { _csrf: csrf, id: 'x.md' } })).status).toBe(403);
    expect((await reviewer.fetch('/admin/knowledge/delete?id=x.md')).status).toBe(403);
    expect((await reviewer.fetch('/admin/rollout/web/stage', { form: { _csrf: csrf, to: 'supervised', reason: 'r' } })).status).toBe(403);
    expect((await reviewer.fetch('/admin/audit')).status).toBe(403);
    for (const path of ['/admin/reviews', '/admin/history', '/admin/conversations', '/admin/dashboard', '/admin/rollout', '/admin/knowledge/search?q=refund&audience=public']) {
      expect((await reviewer.fetch(path)).status, path).toBe(200);
    }
    const rollout = await (await reviewer.fetch('/admin/rollout')).text();
    expect(rollout).not.toContain('/stage"');
    expect((await env.DB.prepare("SELECT stage FROM channels WHERE id = 'web'").first<{ stage: string }>())?.stage).toBe('internal');
  });
});
