// Scripted faults, wire-format edge cases and the /__control/ endpoints that
// workerd tests use to drive the fake from outside Node.

import { ErrorCode, LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, type RecordedCall, type StoredMessage, startFakeSlack } from './server';

const TOKEN = 'xoxb-test-token';
let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: { C9001: { members: ['UBOT', 'U2001'] } } });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const client = (options: WebClientOptions = {}) =>
  new WebClient(TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR, ...options });
const controlUrl = (path: string) => fake.url.replace(/\/api\/$/, `/__control/${path}`);
const control = async (path: string, body?: unknown) => {
  const response = await fetch(controlUrl(path), body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('scripted faults', () => {
  it('an HTTP 5xx is a WebAPIHTTPError, and WebClient retries it (unlike platform errors)', async () => {
    fake.script('chat.postMessage', { fault: 'status', status: 500 });
    const error = await client().chat.postMessage({ channel: 'C1001', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });

    fake.script('chat.postMessage', { fault: 'status', status: 503 });
    const retrying = client({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    expect((await retrying.chat.postMessage({ channel: 'C1001', text: 'second try' })).ok).toBe(true);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([500, 503, 200]);
    expect(fake.messages().map((m) => m.text)).toEqual(['second try']);
  });

  it('a lost response does the work (the message is posted) and answers with a bare status', async () => {
    fake.script('chat.postMessage', { fault: 'lost-response', status: 504 });
    const error = await client().chat.postMessage({ channel: 'C1001', text: 'posted anyway' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 504 });
    expect(fake.messages().map((m) => m.text)).toEqual(['posted anyway']);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([504]);
  });

  it('with rejectRateLimitedCalls a 429 becomes a WebAPIRateLimitedError carrying Retry-After', async () => {
    fake.script('conversations.replies', { fault: 'rate-limited', retryAfterSeconds: 7 });
    const error = await client({ rejectRateLimitedCalls: true })
      .conversations.replies({ channel: 'C1001', ts: '1699990000.000100' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(fake.callsTo('conversations.replies')).toHaveLength(1);
  });

  it('a delay holds the answer; a client timeout turns it into a WebAPIRequestError', async () => {
    fake.script('auth.test', { fault: 'delay', ms: 150 }, { fault: 'delay', ms: 5_000 });
    const started = Date.now();
    expect((await client().auth.test()).user_id).toBe('UBOT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    const error = await client({ timeout: 100 }).auth.test().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RequestError });
    expect(fake.callsTo('auth.test').map((c) => c.status)).toEqual([200, undefined]);
  });

  it('faults are consumed one per call and only by their own method', async () => {
    fake.script('reactions.add', { fault: 'error', error: 'not_in_channel' }, { fault: 'error', error: 'invalid_auth' });
    const web = client();
    const target = { channel: 'C1001', timestamp: '1699990000.000100', name: 'eyes' };
    const errors: unknown[] = [];
    for (let i = 0; i < 2; i++) errors.push(await web.reactions.add(target).catch((e: { data: { error: string } }) => e.data.error));
    expect(errors).toEqual(['not_in_channel', 'invalid_auth']);
    expect((await web.auth.test()).ok).toBe(true);
    expect((await web.reactions.add(target)).ok).toBe(true);
    expect(fake.reactions).toHaveLength(1);
  });
});

describe('wire format', () => {
  const post = (method: string, body: string, headers: Record<string, string>) =>
    fetch(`${fake.url}${method}`, { method: 'POST', body, headers }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it('accepts the token as a form field, but not inside a JSON body', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await post('auth.test', `token=${TOKEN}`, form)).body).toMatchObject({ ok: true, user_id: 'UBOT' });

    const json = { 'content-type': 'application/json; charset=utf-8' };
    expect((await post('auth.test', JSON.stringify({ token: TOKEN }), json)).body).toEqual({ ok: false, error: 'not_authed' });
    const blocks = [{ type: 'divider' }];
    const sent = await post('chat.postMessage', JSON.stringify({ channel: 'C1001', text: 'hi', blocks }), { ...json, authorization: `Bearer ${TOKEN}` });
    expect(sent).toMatchObject({ status: 200, body: { ok: true, message: { blocks } } });
    expect(fake.calls.map((c) => c.contentType)).toEqual(['form', 'json', 'json']);
  });

  it('rejects malformed nested JSON the way Slack does, with HTTP 200', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${TOKEN}` };
    const sent = await post('chat.postMessage', 'channel=C1001&text=hi&blocks=%5Bnot%20json', form);
    expect(sent).toEqual({ status: 200, body: { ok: false, error: 'invalid_blocks' } });
    expect((await post('chat.postMessage', 'channel=C1001', form)).body).toEqual({ ok: false, error: 'no_text' });
    expect((await post('nope.method', '', form)).body).toEqual({ ok: false, error: 'unknown_method' });
  });
});

describe('control endpoints', () => {
  it('script, seed, inspect, replace channels and reset over HTTP', async () => {
    expect(await control('script', { method: 'chat.postMessage', faults: [{ fault: 'error', error: 'not_in_channel' }] })).toEqual({ status: 200, body: { ok: true } });
    expect((await control('script', { method: 'chat.postMessage', faults: [{ fault: 'explode' }] })).status).toBe(400);

    const web = client();
    expect(await web.chat.postMessage({ channel: 'C1001', text: 'x' }).catch((e: { data: { error: string } }) => e.data.error)).toBe('not_in_channel');
    const seeded = await control('messages', { channel: 'C1001', user: 'U1001', text: 'question', ts: '1699990000.000100' });
    expect(seeded.body.message).toMatchObject({ ts: '1699990000.000100', user: 'U1001' });
    await web.chat.postMessage({ channel: 'C1001', thread_ts: '1699990000.000100', text: 'answer' });

    const messages = (await control('messages?channel=C1001')).body.messages as StoredMessage[];
    expect(messages.map((m) => m.text)).toEqual(['question', 'answer']);
    const calls = (await control('calls?method=chat.postMessage')).body.calls as RecordedCall[];
    expect(calls.map((c) => c.response)).toMatchObject([{ ok: false, error: 'not_in_channel' }, { ok: true, ts: '1700000000.000100' }]);

    await control('channels', { channels: { C7777: { members: ['U1001'] } } });
    expect((await web.conversations.members({ channel: 'C7777' })).members).toEqual(['U1001']);
    expect(await web.chat.postMessage({ channel: 'C7777', text: 'x' }).catch((e: { data: { error: string } }) => e.data.error)).toBe('not_in_channel');

    expect((await control('reset', {})).body).toEqual({ ok: true });
    expect((await control('calls')).body.calls).toEqual([]);
    expect(fake.messages()).toEqual([]);
    // Reset restores the starting membership.
    expect((await web.conversations.members({ channel: 'C9001' })).members).toEqual(['UBOT', 'U2001']);
    expect((await web.chat.postMessage({ channel: 'C1001', text: 'fresh' })).ts).toBe('1700000000.000100');
  });
});
