import { SELF } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminFetch, putDocument, search } from '../integration/admin-client';
import { resetFake, scriptChat } from '../integration/fake-openai-control';
import { eventually, resetSlack, type SlackMessage, slackMessages } from '../integration/fake-slack-control';
import { buttonClick, eventEnvelope, slackPost } from '../integration/slack-requests';
import { history, openSession, setStage, settled, webFetch } from '../integration/web-client';
import { count, FORM, modelAnswer, reviewIdOf, sleep, threadReplies } from './support';

/**
 * Malformed and hostile input on the public endpoints: refused with a clear
 * 4xx and nothing stored half-way; and hostile text that is accepted (a
 * question is allowed to contain `<script>`) stays data: escaped in every
 * Slack card and message, returned as JSON text by the web API.
 */

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> <!channel> <@U0EVIL> <https://evil.example/phish|Reset your password> & *bold* ```';
const invalidUtf8 = (prefix: string, suffix: string) => {
  const head = new TextEncoder().encode(prefix);
  const tail = new TextEncoder().encode(suffix);
  return Uint8Array.from([...head, 0xff, 0xfe, 0xc0, 0x80, ...tail]);
};
const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

beforeAll(async () => {
  await putDocument({
    id: 'hostile/returns.md',
    audience: 'public',
    format: 'markdown',
    url: 'https://help.example/returns',
    content: '---\ntitle: "<!channel> Returns <https://evil.example|policy> <script>"\n---\n# Returns\n## Return window\nYou can return any item within 30 days of delivery for a full refund.',
  });
  await putDocument({ id: 'hostile/parking.md', audience: 'internal', format: 'markdown', content: '# Office\n## Employee parking\nEmployees park in the garage on level -1.' });
});
beforeEach(async () => {
  await resetFake();
  await resetSlack();
});

/** Every `<…>` token in the mrkdwn a message carries (its fallback text and every mrkdwn text object). */
function mrkdwnTokens(message: SlackMessage): string[] {
  const texts: string[] = [message.text ?? ''];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const object = node as Record<string, unknown>;
      if (object.type === 'mrkdwn' && typeof object.text === 'string') texts.push(object.text);
      Object.values(object).forEach(walk);
    }
  };
  walk(message.blocks ?? []);
  return texts.flatMap((text) => text.match(/<[^<>]*>/g) ?? []);
}

/** No token the hostile text could have forged survives; the text itself is shown, escaped. */
function expectEscaped(message: SlackMessage) {
  // A token's target (before any `|label`) is what Slack acts on; labels of our own links may show escaped text.
  const forged = mrkdwnTokens(message).filter((token) => /evil|!channel|!here|!everyone|U0EVIL|script|img|javascript/i.test(token.slice(1, -1).split('|')[0]!));
  expect(forged, `forged tokens ${JSON.stringify(forged)} in ${JSON.stringify(message).slice(0, 200)}`).toEqual([]);
  expect(JSON.stringify(message)).not.toMatch(/<script|<img/);
}

describe('web API: malformed input is refused with a clear 4xx and stores nothing', () => {
  it('refuses huge, deep, mistyped, non-UTF-8 and mislabelled bodies', async () => {
    await setStage('supervised');
    const conversationsBefore = await count('SELECT count(*) AS n FROM web_conversations');
    const sessionRefusals: [string, RequestInit, number, string][] = [
      ['huge', { body: JSON.stringify({ channel: 'web', previewKey: 'x'.repeat(5_000_000) }) }, 413, 'too_large'],
      ['deep', { body: `{"channel": ${deepJson(1500)}}` }, 400, 'invalid_request'],
      ['wrong type', { body: JSON.stringify({ channel: 42 }) }, 400, 'invalid_request'],
      ['unknown field', { body: JSON.stringify({ channel: 'web', admin: true }) }, 400, 'invalid_request'],
      ['not JSON', { body: '{"channel": "web"' }, 400, 'invalid_json'],
      ['invalid UTF-8', { body: invalidUtf8('{"channel": "', '"}') }, 400, 'invalid_utf8'],
      ['wrong content type', { body: '{}', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type'],
      ['bad channel id', { body: JSON.stringify({ channel: '../../admin' }) }, 400, 'invalid_request'],
    ];
    for (const [name, init, status, code] of sessionRefusals) {
      const response = await webFetch('/web/sessions', { method: 'POST', ...init });
      expect([name, response.status]).toEqual([name, status]);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect((await response.json()) as unknown).toMatchObject({ error: { code } });
    }
    expect(await count('SELECT count(*) AS n FROM web_conversations')).toBe(conversationsBefore);

    const session = await openSession();
    const path = `/web/conversations/${session.conversationId}/messages`;
    const post = (init: RequestInit) => webFetch(path, { method: 'POST', token: session.token, ...init });
    const messageRefusals: [string, RequestInit, number, string][] = [
      ['huge', { body: JSON.stringify({ text: 'x'.repeat(3_000_000), clientMessageId: 'm1' }) }, 413, 'message_too_long'],
      ['too many characters', { body: JSON.stringify({ text: '€'.repeat(2001), clientMessageId: 'm2' }) }, 413, 'message_too_long'],
      ['deep', { body: `{"text": ${deepJson(3000)}, "clientMessageId": "m3"}` }, 400, 'invalid_request'],
      ['number', { body: '{"text": 5, "clientMessageId": "m4"}' }, 400, 'invalid_request'],
      ['null', { body: '{"text": null, "clientMessageId": "m5"}' }, 400, 'invalid_request'],
      ['array', { body: '{"text": ["hi"], "clientMessageId": "m6"}' }, 400, 'invalid_request'],
      ['object id', { body: '{"text": "hi", "clientMessageId": {"$gt": ""}}' }, 400, 'invalid_request'],
      ['hostile id', { body: JSON.stringify({ text: 'hi', clientMessageId: '<script>' }) }, 400, 'invalid_client_message_id'],
      ['extra field', { body: JSON.stringify({ text: 'hi', clientMessageId: 'm7', role: 'assistant' }) }, 400, 'invalid_request'],
      ['only control characters', { body: JSON.stringify({ text: '\u0000\u0007\u001b \u007f', clientMessageId: 'm8' }) }, 400, 'empty_message'],
      ['invalid UTF-8', { body: invalidUtf8('{"text": "hello ', '", "clientMessageId": "m9"}') }, 400, 'invalid_utf8'],
      ['truncated', { body: '{"text": "hello", "clientMess' }, 400, 'invalid_json'],
      ['wrong content type', { body: 'text=hello', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
    ];
    for (const [name, init, status, code] of messageRefusals) {
      const response = await post(init);
      expect([name, response.status]).toEqual([name, status]);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect([name, body.error.code]).toEqual([name, code]);
      // Errors name the problem, never echo the input.
      expect(body.error.message).not.toMatch(/script|hello|€{3}/);
    }
    // Nothing stored half-way: no message in the conversation, no count, no draft.
    expect((await history(session)).messages).toEqual([]);
    expect(await count('SELECT message_count AS n FROM web_conversations WHERE id = ?', session.conversationId)).toBe(0);
    const feedback = await webFetch(`/web/conversations/${session.conversationId}/feedback`, { method: 'POST', token: session.token, body: JSON.stringify({ messageId: { $ne: null }, helpful: 'yes' }) });
    expect(feedback.status).toBe(400);
  });

  it('stores hostile text as data: returned verbatim as JSON, escaped on the staff card', async () => {
    await setStage('supervised');
    await scriptChat(modelAnswer(`You can return any item within 30 days [P1]. ${HOSTILE}`));
    const session = await openSession();
    const question = `Can I return this? ${HOSTILE}\u0000\u0007 [click](javascript:alert(3))`;
    const sent = await webFetch(`/web/conversations/${session.conversationId}/messages`, { method: 'POST', token: session.token, body: JSON.stringify({ text: question, clientMessageId: 'hostile-1' }) });
    expect(sent.status).toBe(202);
    const { messages } = await settled(session);
    const stored = messages.find((message) => message.role === 'customer')!;
    // Data, not markup: the same characters come back (control characters removed), in JSON.
    expect(stored.text).toBe(`Can I return this? ${HOSTILE} [click](javascript:alert(3))`);
    const raw = await webFetch(`/web/conversations/${session.conversationId}/messages`, { token: session.token });
    expect(raw.headers.get('content-type')).toMatch(/^application\/json/);
    expect(raw.headers.get('content-type')).not.toContain('html');

    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? []).includes('Can I return this?')), 15_000);
    expectEscaped(card);
    expect(JSON.stringify(card.blocks)).toContain('&lt;script&gt;');
    expect(JSON.stringify(card.blocks)).toContain('&lt;!channel&gt;');
  });
});

describe('Slack: hostile questions, model output and documents are escaped everywhere they are shown', () => {
  it('escapes the question, the draft and the sources on the card, and the delivered reply', async () => {
    // As Slack delivers it: the user's own <, > and & arrive as entities; mentions and links as tokens.
    const text = '<@UBOT> <!channel> <@U0EVIL> <https://evil.example/phish|Reset your password> &lt;script&gt;alert(1)&lt;/script&gt; &amp; please cancel my order';
    const event = { type: 'app_mention', user: 'U1001', text, ts: `${1700600000 + (Date.now() % 1000)}.000001`, channel: 'C1001' };
    await scriptChat(modelAnswer(`Employees park in the garage on level -1 [P1]. ${HOSTILE} [this](javascript:alert(1))`));
    expect((await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)))).status).toBe(200);
    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? []).includes('cancel my order')), 15_000);
    expectEscaped(card);
    expect(JSON.stringify(card.blocks)).toContain('&lt;script&gt;');
    const holding = (await threadReplies('C1001', event.ts))[0]!;
    expectEscaped(holding);

    // Approved as is: the reply the asker gets carries the model's hostile text, escaped.
    await slackPost('/slack/interactions', buttonClick('review_approve', reviewIdOf(card)!, 'U2001'), FORM);
    const reply = await eventually(async () => (await threadReplies('C1001', event.ts)).find((message) => String(message.metadata?.event_payload.key).startsWith('review:')), 15_000);
    expectEscaped(reply);
    expect(JSON.stringify(reply.blocks)).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(reply)).not.toContain('javascript:');
  });

  it('escapes a document title on the sources of a customer answer card', async () => {
    await setStage('supervised');
    await scriptChat(modelAnswer('You can return any item within 30 days of delivery for a full refund [P1].'));
    const session = await openSession();
    await webFetch(`/web/conversations/${session.conversationId}/messages`, { method: 'POST', token: session.token, body: JSON.stringify({ text: 'how many days do I have to return an item?', clientMessageId: 'title-1' }) });
    await settled(session);
    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? []).includes('how many days do I have to return')), 15_000);
    expectEscaped(card);
    expect(JSON.stringify(card.blocks)).toContain('&lt;!channel&gt; Returns');
  });
});

describe('Slack and admin endpoints refuse malformed bodies and store nothing', () => {
  it('refuses oversized, deep and mistyped Slack bodies (signed) with 4xx', async () => {
    const huge = await SELF.fetch('https://countersign.test/slack/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    const cases: [string, string, string, number][] = [
      ['/slack/events', `{"type":"event_callback","event_id":"EvDeep1","event":${deepJson(50_000)}}`, 'application/json', 200],
      ['/slack/events', JSON.stringify({ type: 'event_callback', team_id: 'T0001', api_app_id: 'A0001', event_id: 'EvHuge1', event: { type: 'app_mention', user: 'U1001', channel: 'C1001', ts: '1700000000.000001', text: 'x'.repeat(200_000) } }), 'application/json', 413],
      ['/slack/events', '[1,2,3]', 'application/json', 400],
      ['/slack/interactions', `payload=${encodeURIComponent(deepJson(20_000))}`, FORM.contentType, 400],
      ['/slack/interactions', `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', event: 'x', user: { id: 'U2001' } }))}`, FORM.contentType, 400],
      ['/slack/commands', 'command=%2Fcountersign&text=status&user_id=U2001&event=x', FORM.contentType, 400],
    ];
    for (const [path, body, contentType, status] of cases) {
      const response = await slackPost(path, body, { contentType });
      expect([path, body.slice(0, 60), response.status]).toEqual([path, body.slice(0, 60), status]);
    }
    await sleep(500);
    expect(await count("SELECT count(*) AS n FROM inbound_events WHERE key IN ('slack:EvDeep1', 'slack:EvHuge1')")).toBe(0);
  });

  it('refuses bad admin uploads and keeps the previous version searchable', async () => {
    const before = await count('SELECT count(*) AS n FROM documents');
    const refusals: [string, RequestInit, number][] = [
      ['huge', { body: JSON.stringify({ id: 'hostile/parking.md', audience: 'internal', format: 'markdown', content: 'x'.repeat(400_000) }) }, 413],
      ['deep', { body: `{"id": "x.md", "audience": "internal", "format": "markdown", "content": "x", "tags": ${deepJson(5000)}}` }, 400],
      ['wrong type', { body: JSON.stringify({ id: 'hostile/parking.md', audience: 'internal', format: 'markdown', content: 42 }) }, 400],
      ['invalid UTF-8 in JSON', { body: invalidUtf8('{"id": "hostile/parking.md", "audience": "internal", "format": "markdown", "content": "', '"}') }, 400],
      ['invalid UTF-8 document', { body: JSON.stringify({ id: 'hostile/parking.md', audience: 'internal', format: 'markdown', contentBase64: btoa(String.fromCharCode(0x23, 0x20, 0xff, 0xfe, 0x41)) }) }, 400],
      ['binary document', { body: JSON.stringify({ id: 'hostile/parking.md', audience: 'internal', format: 'text', contentBase64: btoa('\u0000\u0001\u0002\u0003'.repeat(50)) }) }, 400],
      ['javascript url', { body: JSON.stringify({ id: 'hostile/js.md', audience: 'public', format: 'markdown', content: '# x', url: 'javascript:alert(1)' }) }, 400],
      ['unknown audience', { body: JSON.stringify({ id: 'hostile/aud.md', audience: 'everyone', format: 'markdown', content: '# x' }) }, 400],
    ];
    for (const [name, init, status] of refusals) {
      const response = await adminFetch('/admin/documents', { method: 'POST', headers: { 'content-type': 'application/json' }, ...init });
      expect([name, response.status]).toEqual([name, status]);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
    expect(await count('SELECT count(*) AS n FROM documents')).toBe(before);
    expect((await search('employee parking garage', 'internal')).hits.map((hit) => hit.documentId)).toContain('hostile/parking.md');
    const answer = await adminFetch('/admin/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"question": ${deepJson(10_000)}, "audience": "customer"}` });
    expect(answer.status).toBe(400);
  });

  it('never answers 500 to hostile paths and methods', async () => {
    const paths = ['/admin/documents/%2e%2e%2f%2e%2e', '/admin/documents/%00', '/web/conversations/..%2f..%2fadmin/messages', '/web/channels/%3Cscript%3E', '/slack/../admin/documents', `/web/channels/${'a'.repeat(5000)}`, '/%ff%fe'];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'DELETE', 'PUT']) {
        const response = await SELF.fetch(`https://countersign.test${path}`, { method, headers: { authorization: 'Bearer test-admin-token', origin: 'https://shop.example', 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) });
        expect([path, method, response.status < 500]).toEqual([path, method, true]);
      }
    }
  });
});
