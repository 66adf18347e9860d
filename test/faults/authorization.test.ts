import { env, SELF } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signSessionToken } from '../../src/domain/webchat/session-token';
import { ADMIN_TOKEN, adminFetch, putDocument } from '../integration/admin-client';
import { resetFake, scriptChat } from '../integration/fake-openai-control';
import { eventually, resetSlack, slackCalls, slackMessages } from '../integration/fake-slack-control';
import { buttonClick, eventEnvelope, mention, slackPost, viewSubmission } from '../integration/slack-requests';
import { history, openSession, send, setStage, settled, WORKER, webFetch } from '../integration/web-client';
import { count, FORM, modelAnswer, reviewIdOf, sleep, threadReplies } from './support';

const SESSION_SECRET = 'test-web-session-secret-at-least-32-chars';

beforeAll(async () => {
  await putDocument({ id: 'authz/badges.md', audience: 'internal', format: 'markdown', content: '# Badges\n## Broken badges\nBadges are replaced at reception on the ground floor.' });
  await putDocument({ id: 'authz/returns.md', audience: 'public', format: 'markdown', content: '# Returns\n## Return window\nYou can return any item within 30 days of delivery for a full refund.' });
});
beforeEach(async () => {
  await resetFake();
  await resetSlack();
});

describe('Slack: only staff decide', () => {
  it('refuses approve, edit and reject from non-staff, by button and by modal, and changes nothing', async () => {
    await scriptChat(modelAnswer('Badges are replaced at reception on the ground floor [P1].'));
    const event = mention('please open a ticket for my broken badge, authz');
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)));
    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes('authz')), 15_000);
    const reviewId = reviewIdOf(card)!;

    // U1001 asked the question (a channel member, not staff); U9999 is in no channel at all.
    for (const user of ['U1001', 'U9999']) {
      for (const click of ['review_approve', 'review_approve_reuse', 'review_edit', 'review_reject']) {
        expect((await slackPost('/slack/interactions', buttonClick(click, reviewId, user, 'C1001'), FORM)).status).toBe(200);
      }
      await slackPost('/slack/interactions', viewSubmission('review_edit_modal', reviewId, user, { answer: 'Forged edit by a non-staff user.' }), FORM);
      await slackPost('/slack/interactions', viewSubmission('review_reject_modal', reviewId, user, { reason: 'forged', reply: 'Forged rejection.' }), FORM);
    }
    const refusals = await eventually(async () => {
      const calls = (await slackCalls('chat.postEphemeral')).filter((call) => String(call.body.text).includes('Only Countersign staff'));
      return calls.length >= 4 ? calls : null;
    });
    expect(new Set(refusals.map((call) => call.body.user))).toEqual(new Set(['U1001', 'U9999']));
    await sleep(800);
    expect((await env.DB.prepare('SELECT status, decided_by FROM reviews WHERE id = ?').bind(reviewId).first())).toEqual({ status: 'pending', decided_by: null });
    expect((await threadReplies('C1001', event.ts)).filter((message) => String(message.metadata?.event_payload.key).startsWith('review:'))).toEqual([]);
    expect(await slackCalls('views.open')).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM training_examples WHERE review_id = ?', reviewId)).toBe(0);
  });

  it('shows the review status to staff only', async () => {
    const form = (user: string) =>
      new URLSearchParams({ token: 't', team_id: 'T0001', channel_id: 'C1001', user_id: user, command: '/countersign', text: 'status', trigger_id: '1.2.3', response_url: 'https://hooks.slack.com/commands/1' }).toString();
    for (const user of ['U1001', 'U9999']) {
      const body = (await (await slackPost('/slack/commands', form(user), FORM)).json()) as { text: string };
      expect(body.text).toBe('Only Countersign staff can see the review status.');
    }
    expect(((await (await slackPost('/slack/commands', form('U2001'), FORM)).json()) as { text: string }).text).toContain('Pending reviews');
  });
});

describe('admin API: missing or wrong tokens', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/admin/documents'],
    ['POST', '/admin/documents', { id: 'authz/forged.md', audience: 'public', format: 'markdown', content: '# Forged' }],
    ['GET', '/admin/documents/authz%2Fbadges.md'],
    ['DELETE', '/admin/documents/authz%2Fbadges.md'],
    ['GET', '/admin/search?q=badge&audience=internal'],
    ['POST', '/admin/answer', { question: 'badge?', audience: 'employee' }],
    ['GET', '/admin/training-examples'],
    ['GET', '/admin/audit-log'],
    ['POST', '/admin/audit-log', { action: 'model-promoted', actor: 'mallory', subject: 'ft:evil', comment: 'forged' }],
    ['GET', '/admin/channels'],
    ['POST', '/admin/channels/web/stage', { stage: 'autonomous', actor: 'mallory', reason: 'forged', override: true }],
    ['GET', '/admin/api/metrics'],
    ['GET', '/admin/api/readiness'],
    ['GET', '/admin/api/calibration/web'],
    ['PUT', '/admin/api/calibration/web/target', { target: 0.5, actor: 'mallory', reason: 'forged' }],
    ['GET', '/admin/api/reviews'],
    ['POST', '/admin/api/reviews/any-review/decision', { decision: 'approve', actor: 'mallory' }],
    ['GET', '/admin/verified-answers'],
    ['DELETE', '/admin/verified-answers/any-answer', { actor: 'mallory' }],
  ];
  const badCredentials: [string, Record<string, string>][] = [
    ['none', {}],
    ['wrong token', { authorization: 'Bearer not-the-admin-token' }],
    ['empty bearer', { authorization: 'Bearer ' }],
    ['prefix of the token', { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` }],
    ['token plus suffix', { authorization: `Bearer ${ADMIN_TOKEN}x` }],
    ['basic auth', { authorization: `Basic ${btoa(`admin:${ADMIN_TOKEN}`)}` }],
    ['raw token', { authorization: ADMIN_TOKEN }],
    ['other header', { 'x-admin-token': ADMIN_TOKEN }],
    ['cookie', { cookie: `token=${ADMIN_TOKEN}; admin=${ADMIN_TOKEN}` }],
  ];

  it(`refuses ${routes.length} routes × ${badCredentials.length} bad credentials with 401, and changes nothing`, async () => {
    const documents = await count('SELECT count(*) AS n FROM documents');
    const audit = await count('SELECT count(*) AS n FROM audit_log');
    const stage = await env.DB.prepare("SELECT stage FROM channels WHERE id = 'web'").first<{ stage: string }>();
    const drafts = await count('SELECT count(*) AS n FROM drafts');
    const refused: string[] = [];
    for (const [method, path, body] of routes) {
      for (const [name, headers] of badCredentials) {
        const response = await SELF.fetch(`${WORKER}${path}${name === 'other header' ? `${path.includes('?') ? '&' : '?'}token=${ADMIN_TOKEN}` : ''}`, {
          method,
          headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        if (response.status !== 401) refused.push(`${method} ${path} with ${name}: ${response.status}`);
        await response.arrayBuffer();
      }
    }
    expect(refused).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM documents')).toBe(documents);
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBe(audit);
    expect(await count('SELECT count(*) AS n FROM drafts')).toBe(drafts);
    expect(await env.DB.prepare("SELECT stage FROM channels WHERE id = 'web'").first<{ stage: string }>()).toEqual(stage);
    // Sanity: the right token works on the same routes.
    expect((await adminFetch('/admin/documents')).status).toBe(200);
  });
});

describe('web chat sessions', () => {
  it('refuses forged, expired and tampered tokens, and tokens for another conversation', async () => {
    await setStage('autonomous');
    const alice = await openSession();
    const bob = await openSession();
    await send(bob, 'how many days do I have to return an item?');
    const bobMessages = (await settled(bob)).messages;
    const bobAnswer = bobMessages.find((message) => message.role === 'assistant')!;
    const now = Math.floor(Date.now() / 1000);
    const claims = { conversationId: bob.conversationId, channel: 'web', preview: false };
    const [version, payload, signature] = alice.token.split('.') as [string, string, string];
    const forgedTokens: [string, string, number][] = [
      ['signed with another secret', await signSessionToken('another-secret-that-is-also-32-chars!', { ...claims, expiresAt: now + 3600 }), 401],
      ['expired', await signSessionToken(SESSION_SECRET, { ...claims, expiresAt: now - 1 }), 401],
      ['payload swapped to bob', `${version}.${(await signSessionToken(SESSION_SECRET, { ...claims, expiresAt: now + 3600 })).split('.')[1]}.${signature}`, 401],
      ['no signature', `${version}.${payload}.`, 401],
      ['other version', `v2.${payload}.${signature}`, 401],
      ['garbage', 'not-a-token', 401],
      ['huge', `v1.${'A'.repeat(5000)}.${signature}`, 401],
      ["alice's token on bob's conversation", alice.token, 403],
    ];
    const paths = [`/web/conversations/${bob.conversationId}/messages`, `/web/conversations/${bob.conversationId}/feedback`];
    for (const [name, token, status] of forgedTokens) {
      const read = await webFetch(paths[0]!, { token });
      const write = await webFetch(paths[0]!, { method: 'POST', token, body: JSON.stringify({ text: `forged: ${name}`, clientMessageId: `forged${status}` }) });
      const vote = await webFetch(paths[1]!, { method: 'POST', token, body: JSON.stringify({ messageId: bobAnswer.id, helpful: false }) });
      const socket = await webFetch(`/web/conversations/${bob.conversationId}/ws?token=${encodeURIComponent(token)}`, { headers: { upgrade: 'websocket' } });
      expect([name, read.status, write.status, vote.status, socket.status]).toEqual([name, status, status, status, status]);
    }
    expect((await history(bob)).messages).toEqual(bobMessages);
    expect(await count('SELECT count(*) AS n FROM feedback WHERE user_id = ?', `web:${bob.conversationId}`)).toBe(0);

    // A valid token for Alice cannot vote on Bob's answer through her own conversation either.
    const crossVote = await webFetch(`/web/conversations/${alice.conversationId}/feedback`, { method: 'POST', token: alice.token, body: JSON.stringify({ messageId: bobAnswer.id, helpful: false }) });
    expect(crossVote.status).toBe(404);
    // A conversation id that is not one (path tricks) is refused before any lookup.
    for (const id of [`${bob.conversationId}%2F..%2F${alice.conversationId}`, `${alice.conversationId}%00`, bob.conversationId.toUpperCase(), `${alice.conversationId.slice(0, -1)}g`]) {
      expect((await webFetch(`/web/conversations/${id}/messages`, { token: alice.token })).status).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('the rollout gate on an open WebSocket', () => {
  it('stops taking questions over a socket opened before the channel went back to internal', async () => {
    await setStage('autonomous');
    const session = await openSession();
    const response = await webFetch(`/web/conversations/${session.conversationId}/ws?token=${encodeURIComponent(session.token)}`, { headers: { upgrade: 'websocket' } });
    expect(response.status).toBe(101);
    const socket = response.webSocket!;
    const frames: { type: string; error?: { status: number; code: string } }[] = [];
    socket.addEventListener('message', (event) => frames.push(JSON.parse(event.data as string)));
    socket.accept();
    await setStage('internal');
    socket.send(JSON.stringify({ type: 'message', text: 'how many days do I have to return an item?', clientMessageId: 'after-internal' }));
    const refusal = await eventually(async () => frames.find((frame) => frame.type === 'error'), 5000);
    expect(refusal.error).toMatchObject({ status: 403, code: 'not_available' });
    socket.close(1000, 'done');
    await setStage('autonomous');
    expect((await history(session)).messages).toEqual([]);
  });
});
