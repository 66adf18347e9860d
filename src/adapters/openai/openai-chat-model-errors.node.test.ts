// Retries and failures of the adapter against the real fake OpenAI server.
// Waits are recorded, not slept. Runs in Node: see tsconfig.node.json.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../../test/support/fake-openai/server';
import { type ChatRequest, ModelError } from '../../domain/answer/chat-model';
import { OpenAIChatModel, type OpenAIChatModelOptions } from './openai-chat-model';
import { retryAfterOf } from './to-model-error';

const API_KEY = 'sk-proj-SECRET-4f9a2b7c';
const PROMPT = 'Confidential: salary bands for the Berlin office';
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

function setup(options: Partial<OpenAIChatModelOptions> = {}) {
  const waits: number[] = [];
  const model = new OpenAIChatModel({
    apiKey: API_KEY,
    baseURL: fake.url,
    model: 'gpt-4o-mini',
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { model, waits };
}
const ask: ChatRequest = { messages: [{ role: 'user', content: PROMPT }], maxOutputTokens: 200 };

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(ModelError);
  const modelError = error as ModelError;
  // Whatever went wrong, the message never carries the key or the prompt.
  expect(modelError.message).not.toContain(API_KEY);
  expect(modelError.message).not.toContain('SECRET');
  expect(modelError.message).not.toContain('salary');
  return modelError;
}

describe('OpenAIChatModel: retries', () => {
  it('waits exactly what Retry-After says after a 429, then succeeds', async () => {
    fake.script('chat.completions', { fault: 'rate-limit', retryAfterSeconds: 7 }, { content: 'ok' });
    const { model, waits } = setup();
    expect((await model.complete(ask)).content).toBe('ok');
    expect(waits).toEqual([7000]);
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up at once, retryable, when the server asks for a longer pause than 20 s', async () => {
    fake.script('chat.completions', { fault: 'rate-limit', retryAfterSeconds: 60 }, { content: 'too late' });
    const { model, waits } = setup();
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, statusCode: 429 });
    expect(waits).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('ends a run of 429s as rate_limited, retryable, after maxRetries', async () => {
    fake.script('chat.completions', ...Array.from({ length: 3 }, () => ({ fault: 'rate-limit' as const, retryAfterSeconds: 1 })));
    const { model, waits } = setup({ maxRetries: 2 });
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, statusCode: 429 });
    expect(error.message).toContain('3 attempts');
    expect(waits).toEqual([1000, 1000]);
  });

  it('retries a 500 with jittered exponential backoff', async () => {
    fake.script('chat.completions', { fault: 'status', status: 500 }, { fault: 'status', status: 503 }, { content: 'recovered' });
    const { model, waits } = setup();
    expect((await model.complete(ask)).content).toBe('recovered');
    // Steps of 500 and 1000 ms, each at least half the step, with random() = 0.5 at 3/4.
    expect(waits).toEqual([375, 750]);
    expect(fake.requests).toHaveLength(3);
  });

  it('keeps backoff within [step/2, step] whatever the jitter', async () => {
    fake.script('chat.completions', { fault: 'status', status: 502 }, { content: 'a' }, { fault: 'status', status: 502 }, { content: 'b' });
    const low = setup({ random: () => 0 });
    await low.model.complete(ask);
    const high = setup({ random: () => 0.999999 });
    await high.model.complete(ask);
    expect(low.waits).toEqual([250]);
    expect(high.waits).toEqual([500]);
  });

  it('ends persistent 5xx as server_error, retryable', async () => {
    fake.script('chat.completions', ...Array.from({ length: 4 }, () => ({ fault: 'status' as const, status: 500 })));
    const { model, waits } = setup();
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ code: 'server_error', retryable: true, statusCode: 500 });
    expect(waits).toHaveLength(3);
    expect(fake.requests).toHaveLength(4);
  });

  it('retries timeouts and ends them as timeout, retryable', async () => {
    fake.script('chat.completions', ...Array.from({ length: 3 }, () => ({ fault: 'timeout' as const, delayMs: 5000 })));
    const { model, waits } = setup({ timeoutMs: 100, maxRetries: 2 });
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(error.statusCode).toBeUndefined();
    expect(waits).toHaveLength(2);
    expect(fake.requests).toHaveLength(3);
  });

  it('retries a connection cut mid-response', async () => {
    fake.script('chat.completions', { fault: 'truncated-stream' }, { content: 'whole' });
    const { model, waits } = setup();
    expect((await model.complete(ask)).content).toBe('whole');
    expect(waits).toHaveLength(1);
  });

  it('ends refused connections as connection, retryable', async () => {
    const { model, waits } = setup({ baseURL: 'http://127.0.0.1:9/v1', maxRetries: 1 });
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ code: 'connection', retryable: true });
    expect(waits).toHaveLength(1);
  });
});

describe('OpenAIChatModel: failures not worth retrying here', () => {
  it('does not retry a bad key: auth, not retryable, key not in the message', async () => {
    fake.script('chat.completions', { fault: 'unauthorized' });
    const { model, waits } = setup();
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ code: 'auth', retryable: false, statusCode: 401 });
    expect(waits).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('does not leak a wrong key the server echoes back', async () => {
    const { model } = setup({ apiKey: 'sk-wrong-SECRET-key' });
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ code: 'auth', retryable: false, statusCode: 401 });
    expect(error.message).not.toContain('sk-wrong');
  });

  it.each([
    [400, 'bad_request'],
    [403, 'auth'],
    [404, 'not_found'],
    [422, 'bad_request'],
  ] as const)('does not retry %i (%s)', async (status, code) => {
    // The server quotes the prompt back, as some compatible servers' validation errors do.
    fake.script('chat.completions', { fault: 'status', status, message: `Invalid input: '${PROMPT}'` });
    const { model, waits } = setup();
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ code, retryable: false, statusCode: status });
    expect(waits).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a body that is not JSON as malformed_response, retryable by the caller', async () => {
    fake.script('chat.completions', { fault: 'malformed-json' });
    const { model, waits } = setup();
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ code: 'malformed_response', retryable: true });
    expect(waits).toEqual([]);
  });

  it('reports a completion without choices as malformed_response', async () => {
    const fetch = async () => Response.json({ id: 'x', object: 'chat.completion', model: 'gpt-4o-mini', choices: [] });
    const error = await failure(setup({ fetch }).model.complete(ask));
    expect(error).toMatchObject({ code: 'malformed_response', retryable: true });
  });

  it('rejects a tool message without its call id before sending anything', async () => {
    const request: ChatRequest = { messages: [{ role: 'tool', content: PROMPT }], maxOutputTokens: 10 };
    const error = await failure(setup().model.complete(request));
    expect(error).toMatchObject({ code: 'bad_request', retryable: false });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('retryAfterOf', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it('reads retry-after-ms first, then seconds, then an HTTP date', () => {
    expect(retryAfterOf(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1500);
    expect(retryAfterOf(new Headers({ 'retry-after': '2.5' }), now)).toBe(2500);
    expect(retryAfterOf(new Headers({ 'retry-after': 'Sun, 01 Jun 2025 12:00:12 GMT' }), now)).toBe(12_000);
    expect(retryAfterOf(new Headers({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }), now)).toBe(0);
  });
  it('ignores missing and unparseable values', () => {
    expect(retryAfterOf(new Headers(), now)).toBeUndefined();
    expect(retryAfterOf(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterOf(undefined, now)).toBeUndefined();
  });
});
