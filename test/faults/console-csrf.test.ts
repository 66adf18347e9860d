import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, adminFetch, putDocument } from '../integration/admin-client';
import { resetFake, scriptChat } from '../integration/fake-openai-control';
import { eventually, resetSlack, slackMessages } from '../integration/fake-slack-control';
import { eventEnvelope, mention, slackPost } from '../integration/slack-requests';
import { WORKER } from '../integration/web-client';
import { count, modelAnswer, reviewIdOf, sleep, threadReplies } from './support';

/**
 * The review console through its front door: sign in with the admin token,
 * then try every way another site (or a stale page) could post its forms.
 * Only a same-origin post with the session cookie and that session's CSRF
 * token changes anything.
 */
const FORM_TYPE = 'application/x-www-form-urlencoded';
const EVIL = 'https://evil.example';

function cookieFrom(response: Response, name: string): string {
  const cookies = response.headers.getSetCookie();
  const cookie = cookies.map((line) => line.split(';')[0]!).find((pair) => pair.startsWith(`${name}=`));
  if (!cookie) throw new Error(`no ${name} cookie in ${JSON.stringify(cookies)}`);
  return cookie.slice(name.length + 1);
}

function hidden(html: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  if (value === undefined) throw new Error(`no hidden field ${name}`);
  return value;
}

async function signIn(actor: string): Promise<string> {
  const loginPage = await SELF.fetch(`${WORKER}/admin/login`, { redirect: 'manual' });
  const loginCookie = cookieFrom(loginPage, 'countersign_login');
  const form = new URLSearchParams({ _login: hidden(await loginPage.text(), '_login'), next: '/admin/reviews', actor, token: ADMIN_TOKEN });
  const response = await SELF.fetch(`${WORKER}/admin/login`, { method: 'POST', redirect: 'manual', headers: { origin: WORKER, 'content-type': FORM_TYPE, cookie: `countersign_login=${loginCookie}` }, body: form.toString() });
  expect(response.status).toBe(303);
  return cookieFrom(response, 'countersign_session');
}

async function csrfOn(session: string, path: string): Promise<{ token: string; html: string }> {
  const response = await SELF.fetch(`${WORKER}${path}`, { headers: { cookie: `countersign_session=${session}` }, redirect: 'manual' });
  expect(response.status).toBe(200);
  const html = await response.text();
  return { token: hidden(html, '_csrf'), html };
}

const post = (path: string, options: { session?: string; headers?: Record<string, string>; form?: Record<string, string>; body?: string; contentType?: string }) =>
  SELF.fetch(`${WORKER}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': options.contentType ?? FORM_TYPE,
      ...(options.session ? { cookie: `countersign_session=${options.session}` } : {}),
      ...options.headers,
    },
    body: options.body ?? new URLSearchParams(options.form ?? {}).toString(),
  });

let reviewId: string;
let threadTs: string;

beforeAll(async () => {
  await resetFake();
  await resetSlack();
  await putDocument({ id: 'console/badges.md', audience: 'internal', format: 'markdown', content: '# Badges\n## Broken badges\nBadges are replaced at reception on the ground floor.' });
  await scriptChat(modelAnswer('Badges are replaced at reception <script>alert(1)</script> [P1].'));
  const event = mention('please open a ticket for my broken badge <img src=x onerror=alert(2)>');
  threadTs = event.ts;
  await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)));
  const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes('broken badge')), 15_000);
  reviewId = reviewIdOf(card)!;
});

describe('console forms refuse cross-site and token-less posts', () => {
  it('decides a review only with a same-origin post, the session cookie and its CSRF token', async () => {
    const session = await signIn('ana@example.com');
    const other = await signIn('bob@example.com');
    const { token, html } = await csrfOn(session, `/admin/reviews/${reviewId}`);
    const { token: otherToken } = await csrfOn(other, `/admin/reviews/${reviewId}`);
    expect(token).not.toBe(otherToken);

    // The page shows the hostile question and draft as text.
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    expect(html).toContain('&lt;script&gt;');

    const path = `/admin/reviews/${reviewId}/decision`;
    const approve = { decision: 'approve', _csrf: token };
    const attempts: [string, Parameters<typeof post>[1], number][] = [
      ['from another origin', { session, headers: { origin: EVIL }, form: approve }, 403],
      ['cross-site fetch metadata', { session, headers: { 'sec-fetch-site': 'cross-site' }, form: approve }, 403],
      ['same-site subdomain', { session, headers: { 'sec-fetch-site': 'same-site', origin: 'https://evil.countersign.test' }, form: approve }, 403],
      ['"null" origin (sandboxed frame)', { session, headers: { origin: 'null' }, form: approve }, 403],
      ['without the CSRF token', { session, headers: { origin: WORKER }, form: { decision: 'approve' } }, 403],
      ['with a wrong CSRF token', { session, headers: { origin: WORKER }, form: { decision: 'approve', _csrf: `${token.slice(0, -2)}xx` } }, 403],
      ["with another session's CSRF token", { session, headers: { origin: WORKER }, form: { decision: 'approve', _csrf: otherToken } }, 403],
      ['without a session cookie', { headers: { origin: WORKER }, form: approve }, 401],
      ['with a tampered session cookie', { session: `${session.slice(0, -3)}AAA`, headers: { origin: WORKER }, form: approve }, 401],
      ['as JSON', { session, headers: { origin: WORKER }, body: JSON.stringify(approve), contentType: 'application/json' }, 413],
      ['as text/plain (a form another site can send without preflight)', { session, headers: { origin: WORKER }, body: `decision=approve&_csrf=${token}`, contentType: 'text/plain' }, 413],
    ];
    for (const [name, options, status] of attempts) {
      const response = await post(path, options);
      expect([name, response.status]).toEqual([name, status]);
      expect(response.headers.get('content-type')).toContain('text/html');
    }
    const asGet = await SELF.fetch(`${WORKER}${path}?decision=approve&_csrf=${token}`, { headers: { cookie: `countersign_session=${session}` }, redirect: 'manual' });
    expect(asGet.status).toBeGreaterThanOrEqual(400);
    await sleep(300);
    expect((await env.DB.prepare('SELECT status FROM reviews WHERE id = ?').bind(reviewId).first<{ status: string }>())?.status).toBe('pending');
    expect((await threadReplies('C1001', threadTs)).filter((message) => String(message.metadata?.event_payload.key).startsWith('review:'))).toEqual([]);

    // The real thing, twice (a double submit): decided once, delivered once.
    const done = await Promise.all([1, 2].map(() => post(path, { session, headers: { origin: WORKER, 'sec-fetch-site': 'same-origin' }, form: approve })));
    expect(done.map((response) => response.status)).toEqual([303, 303]);
    expect((await env.DB.prepare('SELECT status, decided_by FROM reviews WHERE id = ?').bind(reviewId).first())).toEqual({ status: 'approved', decided_by: 'ana@example.com' });
    await eventually(async () => (await threadReplies('C1001', threadTs)).some((message) => message.metadata?.event_payload.key === `review:${reviewId}`));
    await sleep(500);
    expect((await threadReplies('C1001', threadTs)).filter((message) => message.metadata?.event_payload.key === `review:${reviewId}`)).toHaveLength(1);
  });

  it('refuses cross-site stage changes and deletions, and cross-site sign-in', async () => {
    const session = await signIn('ana@example.com');
    const { token } = await csrfOn(session, '/admin/rollout');
    const stage = await env.DB.prepare("SELECT stage FROM channels WHERE id = 'web'").first<{ stage: string }>();
    const decisions = () => count("SELECT count(*) AS n FROM audit_log WHERE action NOT LIKE 'console-sign-in%'");
    const audits = await decisions();
    const forged = { to: 'autonomous', reason: 'forged', override: 'on', overrideReason: 'forged', _csrf: token };
    expect((await post('/admin/rollout/web/stage', { session, headers: { origin: EVIL }, form: forged })).status).toBe(403);
    expect((await post('/admin/rollout/web/stage', { session, headers: { origin: WORKER }, form: { ...forged, _csrf: 'guess' } })).status).toBe(403);
    expect((await post('/admin/knowledge/delete', { session, headers: { origin: EVIL }, form: { id: 'console/badges.md', _csrf: token } })).status).toBe(403);
    expect((await post('/admin/knowledge/delete', { session, headers: { origin: WORKER }, form: { id: 'console/badges.md' } })).status).toBe(403);
    expect(await env.DB.prepare("SELECT stage FROM channels WHERE id = 'web'").first<{ stage: string }>()).toEqual(stage);
    expect((await adminFetch('/admin/documents/console%2Fbadges.md')).status).toBe(200);
    expect(await decisions()).toBe(audits);

    // Login CSRF: another site cannot sign a browser in to an account of its choosing.
    const loginForm = new URLSearchParams({ _login: 'forged', next: '/admin/reviews', actor: 'mallory', token: ADMIN_TOKEN }).toString();
    const crossSite = await SELF.fetch(`${WORKER}/admin/login`, { method: 'POST', redirect: 'manual', headers: { origin: EVIL, 'content-type': FORM_TYPE }, body: loginForm });
    expect(crossSite.status).toBe(403);
    const noCookie = await SELF.fetch(`${WORKER}/admin/login`, { method: 'POST', redirect: 'manual', headers: { origin: WORKER, 'content-type': FORM_TYPE }, body: loginForm });
    expect(noCookie.status).toBe(403);
    expect(noCookie.headers.getSetCookie().some((line) => line.startsWith('countersign_session='))).toBe(false);
  });
});
