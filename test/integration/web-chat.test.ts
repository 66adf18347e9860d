import { env, runInDurableObject } from 'cloudflare:test';
import worker from '../../src/index';
import { signSessionToken } from '../../src/domain/webchat/session-token';
import type { Conversation } from '../../src/platform/conversation';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, putDocument } from './admin-client';
import { history, openSession, PREVIEW_KEY, send, setStage, settled, SHOP, webFetch } from './web-client';

beforeAll(async () => {
  await putDocument({ id: 'help/returns.md', audience: 'public', format: 'markdown', url: 'https://help.example/returns', content: '# Returns\n## Return window\nYou can return any item within 30 days of delivery for a full refund.' });
  await putDocument({ id: 'internal/returns-secret.md', audience: 'internal', format: 'markdown', content: '# Returns fraud\n## Return window exceptions\nPROJECT BLUEHERON: staff may extend the return window to 90 days for VIP customers.' });
});

describe('the rollout gate', () => {
  it('starts internal: public sessions are refused, a preview key opens one', async () => {
    expect(await (await webFetch('/web/channels/web')).json()).toEqual({ channel: 'web', stage: 'internal', available: false });
    const refused = await webFetch('/web/sessions', { method: 'POST', body: '{}' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'not_available' } });
    const wrongKey = await webFetch('/web/sessions', { method: 'POST', body: JSON.stringify({ previewKey: 'guess-guess-guess' }) });
    expect(wrongKey.status).toBe(403);
    const preview = await openSession({ previewKey: PREVIEW_KEY });
    expect(preview).toMatchObject({ stage: 'internal', preview: true });
  });

  it('changes stage only with the admin token, an actor and a reason, and audits it', async () => {
    const body = JSON.stringify({ stage: 'supervised', actor: 'ana@example.com', reason: 'Preview answers checked' });
    expect((await adminFetch('/admin/channels/web/stage', { method: 'POST', headers: { 'content-type': 'application/json' }, body }, 'wrong-token')).status).toBe(401);
    const noReason = await adminFetch('/admin/channels/web/stage', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stage: 'supervised', actor: 'ana' }) });
    expect(noReason.status).toBe(400);
    const unknown = await adminFetch('/admin/channels/nope/stage', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unknown.status).toBe(404);
    expect((await env.DB.prepare("SELECT stage FROM channels WHERE id = 'web'").first<{ stage: string }>())?.stage).toBe('internal');

    // No preview questions yet: the readiness bars for supervised are unmet, so stepping up needs an override.
    const notReady = await adminFetch('/admin/channels/web/stage', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(notReady.status).toBe(409);
    expect(await notReady.json()).toMatchObject({ error: { code: 'not_ready' } });
    const overridden = JSON.stringify({ stage: 'supervised', actor: 'ana@example.com', reason: 'Preview answers checked', override: true });
    const response = await adminFetch('/admin/channels/web/stage', { method: 'POST', headers: { 'content-type': 'application/json' }, body: overridden });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ from: 'internal', channel: { id: 'web', stage: 'supervised', updatedBy: 'ana@example.com' } });
    const audit = await env.DB.prepare("SELECT * FROM audit_log WHERE action = 'stage-changed' AND subject = 'web' ORDER BY id DESC").first<{ actor: string; comment: string; details: string }>();
    expect(audit).toMatchObject({ actor: 'ana@example.com', comment: 'Preview answers checked' });
    expect(JSON.parse(audit!.details)).toMatchObject({ from: 'internal', to: 'supervised', direction: 'up', override: true, readiness: { ready: false } });
  });
});

describe('supervised: every customer reply is reviewed', () => {
  it('stores the question, tells the customer a teammate is checking, and creates a review', async () => {
    await setStage('supervised');
    const session = await openSession();
    const sent = await send(session, 'How long is the return window?');
    expect(sent.status).toBe(202);
    const { messages, awaiting } = await settled(session);
    expect(awaiting).toBe('review');
    expect(messages.map((message) => [message.role, message.kind])).toEqual([
      ['customer', 'question'],
      ['assistant', 'holding'],
    ]);
    const review = await env.DB.prepare("SELECT * FROM reviews WHERE json_extract(destination, '$.conversationId') = ?").bind(session.conversationId).first<{ status: string; channel: string; kind: string }>();
    expect(review).toMatchObject({ status: 'pending', channel: 'web', kind: 'review' });
  });

  it("marks a reply staff edited as theirs, and every reply names the question it answers (the widget clears that question's holding state)", async () => {
    await setStage('supervised');
    const session = await openSession();
    await send(session, 'Can I return an item after three weeks?');
    const held = await settled(session);
    const question = held.messages.find((message) => message.role === 'customer')!;
    expect(held.messages.find((message) => message.kind === 'holding')).toMatchObject({ author: 'bot', replyTo: question.id });
    const review = await env.DB.prepare("SELECT id FROM reviews WHERE json_extract(destination, '$.conversationId') = ?").bind(session.conversationId).first<{ id: string }>();
    const decided = await adminFetch(`/admin/api/reviews/${review!.id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'edit', actor: 'ana@example.com', text: 'Yes: three weeks is inside the 30-day window.' }),
    });
    expect(decided.status).toBe(200);
    const { messages, awaiting } = await history(session);
    expect(awaiting).toBe('none');
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', kind: 'staff', author: 'staff', replyTo: question.id, text: 'Yes: three weeks is inside the 30-day window.' });
  });
});

describe('autonomous: confident answers go straight out', () => {
  it('answers from public documents with sources, never from internal ones', async () => {
    await setStage('autonomous');
    const session = await openSession();
    await send(session, 'What is the return window for a refund?');
    const { messages, awaiting } = await settled(session);
    expect(awaiting).toBe('none');
    const answer = messages.find((message) => message.role === 'assistant');
    expect(answer?.kind).toBe('answer');
    expect(answer?.text).toContain('30 days');
    expect(answer?.sources).toEqual([{ title: 'Returns', url: 'https://help.example/returns' }]);
    expect(answer).toMatchObject({ author: 'bot', replyTo: messages.find((message) => message.role === 'customer')!.id });
    expect(JSON.stringify(messages)).not.toContain('BLUEHERON');
    const draft = await env.DB.prepare('SELECT audience, channel, citations FROM drafts WHERE question = ? ORDER BY created_at DESC').bind('What is the return window for a refund?').first<{ audience: string; channel: string; citations: string }>();
    expect(draft).toMatchObject({ audience: 'customer', channel: 'web' });
    expect(draft!.citations).not.toContain('BLUEHERON');
  });

  it("links a source without a URL to its /kb page at the cited section, which the customer can open", async () => {
    await putDocument({ id: 'help/lamp-warranty.md', audience: 'public', format: 'markdown', content: '# Lamp warranty\n## Warranty length\nEvery Lumen lamp carries a two year warranty from the day of delivery.' });
    const session = await openSession();
    await send(session, 'How long is the warranty on a Lumen lamp?');
    const { messages } = await settled(session);
    const sources = messages.flatMap((message) => message.sources);
    expect(sources).toContainEqual({ title: 'Lamp warranty', url: '/kb/help/lamp-warranty.md#warranty-length' });
    const page = await webFetch('/kb/help/lamp-warranty.md', { origin: null });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h2 id="warranty-length">Warranty length</h2>');
  });

  it('records helpful / not helpful against the draft, only for answers in this conversation', async () => {
    const session = await openSession();
    await send(session, 'Can I return an item for a full refund?');
    const { messages } = await settled(session);
    const answer = messages.find((message) => message.feedback)!;
    const vote = await webFetch(`/web/conversations/${session.conversationId}/feedback`, { method: 'POST', token: session.token, body: JSON.stringify({ messageId: answer.id, helpful: true }) });
    expect(vote.status).toBe(204);
    const row = await env.DB.prepare('SELECT helpful FROM feedback WHERE user_id = ?').bind(`web:${session.conversationId}`).first<{ helpful: number }>();
    expect(row?.helpful).toBe(1);
    const question = messages.find((message) => message.role === 'customer')!;
    const onQuestion = await webFetch(`/web/conversations/${session.conversationId}/feedback`, { method: 'POST', token: session.token, body: JSON.stringify({ messageId: question.id, helpful: false }) });
    expect(onQuestion.status).toBe(404);
    // Votes feed the automatic step-down, so one address cannot cast them without limit (60 a minute in tests).
    const statuses: number[] = [];
    for (let index = 0; index < 61; index++) {
      const again = await webFetch(`/web/conversations/${session.conversationId}/feedback`, { method: 'POST', token: session.token, body: JSON.stringify({ messageId: answer.id, helpful: false }) });
      statuses.push(again.status);
    }
    expect(statuses).toContain(429);
  });
});

describe('sessions and tokens', () => {
  it('keeps each token to its own conversation', async () => {
    const alice = await openSession();
    const bob = await openSession();
    await send(alice, 'alice private question about returns');
    const read = await webFetch(`/web/conversations/${alice.conversationId}/messages`, { token: bob.token });
    expect(read.status).toBe(403);
    const write = await webFetch(`/web/conversations/${alice.conversationId}/messages`, { method: 'POST', token: bob.token, body: JSON.stringify({ text: 'hi', clientMessageId: 'x1' }) });
    expect(write.status).toBe(403);
    expect((await history(alice)).messages.every((message) => message.text !== 'hi')).toBe(true);
  });

  it('refuses missing, forged and tampered tokens', async () => {
    const session = await openSession();
    const path = `/web/conversations/${session.conversationId}/messages`;
    expect((await webFetch(path)).status).toBe(401);
    expect((await webFetch(path, { token: 'v1.e30.AAAA' })).status).toBe(401);
    const [version, payload, signature] = session.token.split('.');
    const tampered = `${version}.${payload}x.${signature}`;
    expect((await webFetch(path, { token: tampered })).status).toBe(401);
  });

  it('allows configured origins and its own, refuses others (CORS and plain requests)', async () => {
    const preflight = await webFetch('/web/sessions', { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP);
    const evil = await webFetch('/web/sessions', { method: 'POST', body: '{}', origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
    expect((await webFetch('/web/sessions', { method: 'OPTIONS', origin: 'https://evil.example' })).status).toBe(403);
    expect((await webFetch('/web/sessions', { method: 'POST', body: '{}', origin: 'https://countersign.test' })).status).toBe(201);
  });

  it('lets a site that is not allowed read why, with a plain GET (no preflight), so the widget can tell its owner', async () => {
    const refused = await webFetch('/web/channels/web', { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(await refused.json()).toMatchObject({ error: { code: 'origin_not_allowed', message: expect.stringContaining('WEB_ALLOWED_ORIGINS') } });
  });
});

describe('limits', () => {
  it('stores a resent message once (same clientMessageId)', async () => {
    const session = await openSession();
    const [first, second] = await Promise.all([send(session, 'return window please', 'same-id'), send(session, 'return window please', 'same-id')]);
    expect([first.status, second.status]).toEqual([202, 202]);
    const { messages } = await settled(session);
    expect(messages.filter((message) => message.role === 'customer')).toHaveLength(1);
  });

  it('refuses a clientMessageId reused for another text, keeping the first', async () => {
    const session = await openSession();
    expect((await send(session, 'first text', 'reused-id')).status).toBe(202);
    const reused = await send(session, 'another text', 'reused-id');
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ error: { code: 'client_message_id_reused' } });
    const { messages } = await settled(session);
    expect(messages.filter((message) => message.role === 'customer').map((message) => message.text)).toEqual(['first text']);
  });

  it('answers 413 for an over-long message and 400 for an empty one, storing nothing', async () => {
    const session = await openSession();
    const long = await send(session, 'x'.repeat(2001));
    expect(long.status).toBe(413);
    expect(await long.json()).toMatchObject({ error: { code: 'message_too_long' } });
    expect((await send(session, ' \u0000 ')).status).toBe(400);
    expect((await webFetch(`/web/conversations/${session.conversationId}/messages`, { method: 'POST', token: session.token, body: '{"text": 5}' })).status).toBe(400);
    expect((await history(session)).messages).toHaveLength(0);
  });

  it('stops reading a body without Content-Length once it passes the limit (413)', async () => {
    const session = await openSession();
    const chunk = new TextEncoder().encode('x'.repeat(4096));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await webFetch(`/web/conversations/${session.conversationId}/messages`, { method: 'POST', token: session.token, body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(20);
    expect((await history(session)).messages).toHaveLength(0);
  });

  it('limits messages per session with 429 and Retry-After', async () => {
    const session = await openSession();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let index = 0; index < 12; index++) {
      const response = await send(session, `question number ${index}`);
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    // The minute window may roll over mid-test; at most 10 a window either way.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 202).length).toBeLessThanOrEqual(11);
  });
});

describe('WebSocket', () => {
  it('sends the history on connect and pushes the answer live', async () => {
    const session = await openSession();
    const response = await webFetch(`/web/conversations/${session.conversationId}/ws?token=${encodeURIComponent(session.token)}`, { headers: { upgrade: 'websocket' } });
    expect(response.status).toBe(101);
    const socket = response.webSocket!;
    const frames: { type: string; message?: { role: string; kind: string; text: string }; awaiting?: string }[] = [];
    socket.addEventListener('message', (event) => frames.push(JSON.parse(event.data as string)));
    socket.accept();
    socket.send(JSON.stringify({ type: 'message', text: 'How many days do I have to return an item?', clientMessageId: 'ws-1' }));
    const deadline = Date.now() + 15_000;
    while (!frames.some((frame) => frame.message?.kind === 'answer') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(frames[0]).toMatchObject({ type: 'history', awaiting: 'none' });
    expect(frames.find((frame) => frame.message?.role === 'customer')?.message?.text).toBe('How many days do I have to return an item?');
    expect(frames.find((frame) => frame.message?.kind === 'answer')?.message?.text).toContain('30 days');
    socket.send(JSON.stringify({ type: 'message', text: 'x'.repeat(3000), clientMessageId: 'ws-2' }));
    const errorDeadline = Date.now() + 5_000;
    while (!frames.some((frame) => frame.type === 'error') && Date.now() < errorDeadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(frames.find((frame) => frame.type === 'error')).toMatchObject({ error: { status: 413, code: 'message_too_long' } });
    socket.close(1000, 'done');
  });

  it('stops taking messages on a socket once its session token expires', async () => {
    const session = await openSession();
    const shortLived = await signSessionToken('test-web-session-secret-at-least-32-chars', {
      conversationId: session.conversationId,
      channel: 'web',
      preview: false,
      expiresAt: Math.floor(Date.now() / 1000) + 2,
    });
    const response = await webFetch(`/web/conversations/${session.conversationId}/ws?token=${encodeURIComponent(shortLived)}`, { headers: { upgrade: 'websocket' } });
    const socket = response.webSocket!;
    const frames: { type: string; error?: { code: string } }[] = [];
    socket.addEventListener('message', (event) => frames.push(JSON.parse(event.data as string)));
    socket.accept();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    socket.send(JSON.stringify({ type: 'message', text: 'still here?', clientMessageId: 'late-1' }));
    const deadline = Date.now() + 5_000;
    while (!frames.some((frame) => frame.type === 'error') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(frames.find((frame) => frame.type === 'error')).toMatchObject({ error: { code: 'session_expired' } });
    expect((await history(session)).messages).toHaveLength(0);
  });

  it('refuses a socket without a valid token or from another origin', async () => {
    const session = await openSession();
    const path = `/web/conversations/${session.conversationId}/ws`;
    expect((await webFetch(path, { headers: { upgrade: 'websocket' } })).status).toBe(401);
    expect((await webFetch(`${path}?token=${encodeURIComponent(session.token)}`, { headers: { upgrade: 'websocket' }, origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('back to internal', () => {
  it('closes public sessions again', async () => {
    await setStage('autonomous');
    const session = await openSession();
    await setStage('internal');
    const refused = await send(session, 'still there?');
    expect(refused.status).toBe(403);
    expect((await webFetch('/web/sessions', { method: 'POST', body: '{}' })).status).toBe(403);
  });
});

describe('duplicate queue messages for one question', () => {
  it('draft it once and reply once', async () => {
    await setStage('autonomous');
    const session = await openSession();
    const question = 'Is the return window thirty days?';
    expect((await send(session, question)).status).toBe(202);
    const { messages } = await history(session);
    const job = { type: 'web-message', conversationId: session.conversationId, messageId: messages[0]!.id };
    // A re-queue and a redelivery arriving together with the original.
    await Promise.all([env.WORK_QUEUE.send(job), env.WORK_QUEUE.send(job)]);
    const settledHistory = await settled(session);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const drafts = await env.DB.prepare('SELECT count(*) AS n FROM drafts WHERE question = ?').bind(question).first<{ n: number }>();
    expect(drafts?.n).toBe(1);
    expect(settledHistory.messages.filter((message) => message.role === 'assistant')).toHaveLength(1);
  });

  it('claims are exclusive until released', async () => {
    const session = await openSession();
    await runInDurableObject(env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(session.conversationId)), async (instance: Conversation, state) => {
      state.storage.sql.exec(
        "INSERT INTO messages (id, role, kind, text, client_id, state, enqueued_at, created_at) VALUES ('q-claim', 'customer', 'question', 'hi', 'claim-1', 'queued', 0, ?)",
        new Date().toISOString(),
      );
      expect(instance.claim('q-claim')).toBe('claimed');
      expect(instance.claim('q-claim')).toBe('busy');
      instance.release('q-claim');
      expect(instance.claim('q-claim')).toBe('claimed');
      expect(instance.claim('nope')).toBe('missing');
    });
  });
});

describe('when answering keeps failing', () => {
  it('gives the customer a holding reply and staff a handoff review, once', async () => {
    await setStage('supervised');
    const session = await openSession();
    const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(session.conversationId));
    // A stored question whose queue message exhausted its retries (inserted without queueing it).
    await runInDurableObject(stub, async (_instance, state) => {
      state.storage.sql.exec(
        "INSERT INTO messages (id, role, kind, text, client_id, state, enqueued_at, created_at) VALUES ('q-dead', 'customer', 'question', 'Where is my order?', 'dead-1', 'queued', 0, ?)",
        new Date().toISOString(),
      );
    });
    const body = { type: 'web-message', conversationId: session.conversationId, messageId: 'q-dead' };
    const batch = () => deadLetterBatch(body);
    await worker.queue(batch(), env);
    await worker.queue(batch(), env);

    const { messages, awaiting } = await history(session);
    expect(awaiting).toBe('review');
    expect(messages.filter((message) => message.kind === 'holding')).toHaveLength(1);
    const reviews = await env.DB.prepare("SELECT kind, status FROM reviews WHERE json_extract(destination, '$.messageId') = 'q-dead'").all();
    expect(reviews.results).toEqual([{ kind: 'handoff', status: 'pending' }]);
  });
});

function deadLetterBatch(body: unknown): MessageBatch<unknown> {
  const message = { id: crypto.randomUUID(), timestamp: new Date(), body, attempts: 6, ack() {}, retry() {} };
  return { queue: 'countersign-work-dlq', messages: [message], ackAll() {}, retryAll() {} } as unknown as MessageBatch<unknown>;
}
