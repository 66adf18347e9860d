// Exercises the fake through the real openai SDK, so a passing test means the
// SDK (request building, retries, SSE and base64 decoding) accepts the fake's
// wire format. Runs in Node (node:http); see the note at the top of server.ts.

import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { embed, type FakeOpenAI, startFakeOpenAI } from './server';

const API_KEY = 'sk-test-fake-key';
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const client = (options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
  new OpenAI({ apiKey: API_KEY, baseURL: fake.url, maxRetries: 0, ...options });

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / Math.sqrt(na * nb);
};

const chatParams = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hello there' }] };

describe('embeddings', () => {
  it('decodes float and base64 (SDK default) encodings to the same unit vectors', async () => {
    const openai = client();
    const input = ['How do I reset my password?', 'Quarterly revenue report'];
    const viaBase64 = await openai.embeddings.create({ model: 'text-embedding-3-small', input });
    const viaFloat = await openai.embeddings.create({ model: 'text-embedding-3-small', input, encoding_format: 'float' });

    // The SDK asked for base64 by default and decoded it itself.
    expect((fake.requests[0]!.body as { encoding_format: string }).encoding_format).toBe('base64');
    expect((fake.requests[1]!.body as { encoding_format: string }).encoding_format).toBe('float');
    expect(viaBase64.object).toBe('list');
    expect(viaBase64.model).toBe('text-embedding-3-small');
    expect(viaBase64.data.map((d) => d.index)).toEqual([0, 1]);
    expect(viaBase64.usage.prompt_tokens).toBeGreaterThan(0);
    for (const i of [0, 1]) {
      const a = viaBase64.data[i]!.embedding;
      expect(a).toHaveLength(64);
      expect(a).toEqual(viaFloat.data[i]!.embedding);
      expect(a).toEqual(Array.from(embed(input[i]!)));
      expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    }
    expect(viaBase64.data[0]!.embedding).not.toEqual(viaBase64.data[1]!.embedding);
  });

  it('scores texts sharing words above unrelated texts, deterministically', async () => {
    const openai = client();
    const { data } = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['How do I reset my password?', 'Password reset instructions for employees', 'The cafeteria menu lists vegan lunch options'],
    });
    const [query, related, unrelated] = data.map((d) => d.embedding);
    expect(cosine(query!, related!)).toBeGreaterThan(0.5);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.3);
    // Deterministic, and a bag of words: stop words, case, punctuation and order don't matter.
    const again = await openai.embeddings.create({ model: 'm', input: ['How do I reset my password?', 'PASSWORD, reset'] });
    expect(again.data.map((d) => d.embedding)).toEqual([query, query]);
  });

  it('honours dimensions and scripted vectors', async () => {
    const openai = client();
    const sized = await openai.embeddings.create({ model: 'm', input: 'hello world', dimensions: 8 });
    expect(sized.data[0]!.embedding).toHaveLength(8);
    fake.script('embeddings', { embeddings: [[0.5, -0.25, 1]] });
    const scripted = await openai.embeddings.create({ model: 'm', input: 'anything' });
    expect(scripted.data[0]!.embedding).toEqual([0.5, -0.25, 1]);
  });

  it('rejects invalid input with an OpenAI-style 400', async () => {
    const error = await client().embeddings.create({ model: 'm', input: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('input');
  });
});

describe('chat completions', () => {
  it('answers "fake reply" when nothing is scripted, with usage', async () => {
    const completion = await client().chat.completions.create(chatParams);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices[0]!.message).toMatchObject({ role: 'assistant', content: 'fake reply' });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.choices[0]!.logprobs).toBeNull();
    expect(completion.usage).toEqual({ prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 });
  });

  it('returns scripted replies in order, then falls back to the default', async () => {
    fake.script('chat.completions', { content: 'first' }, { content: 'second', finishReason: 'length' });
    const openai = client();
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push((await openai.chat.completions.create(chatParams)).choices[0]!);
    expect(replies.map((c) => c.message.content)).toEqual(['first', 'second', 'fake reply']);
    expect(replies[1]!.finish_reason).toBe('length');
  });

  it('returns a scripted json_schema reply as a JSON string the SDK can parse', async () => {
    fake.script('chat.completions', { json: { verdict: 'approve', confidence: 0.9 } });
    const completion = await client().chat.completions.parse({
      ...chatParams,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'review',
          strict: true,
          schema: {
            type: 'object',
            properties: { verdict: { type: 'string' }, confidence: { type: 'number' } },
            required: ['verdict', 'confidence'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(completion.choices[0]!.message.content).toBe('{"verdict":"approve","confidence":0.9}');
    expect(completion.choices[0]!.message.parsed).toEqual({ verdict: 'approve', confidence: 0.9 });
    expect((fake.requests[0]!.body as { response_format: { type: string } }).response_format.type).toBe('json_schema');
  });

  it('returns scripted tool calls', async () => {
    fake.script('chat.completions', { toolCalls: [{ name: 'search_docs', arguments: { query: 'vpn setup', limit: 3 } }] });
    const completion = await client().chat.completions.create({
      ...chatParams,
      tools: [{ type: 'function', function: { name: 'search_docs', parameters: { type: 'object', properties: {} } } }],
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls![0]!;
    expect(call.type).toBe('function');
    expect(call.id).toMatch(/^call_/);
    if (call.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('search_docs');
    expect(JSON.parse(call.function.arguments)).toEqual({ query: 'vpn setup', limit: 3 });
  });

  it('streams deltas that join to the reply, ending with finish_reason and usage', async () => {
    fake.script('chat.completions', { content: 'Streaming works fine, thanks.' });
    const stream = await client().chat.completions.create({ ...chatParams, stream: true, stream_options: { include_usage: true } });
    let text = '';
    const finishReasons: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]) finishReasons.push(chunk.choices[0].finish_reason);
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Streaming works fine, thanks.');
    expect(chunks).toBeGreaterThan(3);
    expect(finishReasons.at(-1)).toBe('stop');
    expect(usage).toMatchObject({ completion_tokens: 4 });
  });

  it('streams tool calls as argument fragments the SDK stream helper reassembles', async () => {
    fake.script('chat.completions', { toolCalls: [{ name: 'lookup', arguments: { id: 'doc-42', sections: ['a', 'b'] } }] });
    const runner = client().chat.completions.stream({ ...chatParams, tools: [{ type: 'function', function: { name: 'lookup' } }] });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    if (call.type !== 'function') throw new Error('expected a function call');
    expect(JSON.parse(call.function.arguments)).toEqual({ id: 'doc-42', sections: ['a', 'b'] });
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('includes logprobs when requested, using the scripted values', async () => {
    fake.script('chat.completions', { content: 'Yes indeed', logprobs: [-0.05, -1.5] });
    const completion = await client().chat.completions.create({ ...chatParams, logprobs: true, top_logprobs: 2 });
    const content = completion.choices[0]!.logprobs!.content!;
    expect(content.map((t) => t.token)).toEqual(['Yes', ' indeed']);
    expect(content.map((t) => t.logprob)).toEqual([-0.05, -1.5]);
    expect(content[0]!.top_logprobs).toHaveLength(2);
    expect(content[0]!.top_logprobs[0]!.token).toBe('Yes');
    expect(content[1]!.bytes).toEqual([...Buffer.from(' indeed')]);
  });
});

describe('faults', () => {
  it('sends 429 with retry-after, which the SDK honours before retrying', async () => {
    fake.script('chat.completions', { fault: 'rate-limit', retryAfterSeconds: 1 }, { content: 'after retry' });
    const started = Date.now();
    const completion = await client({ maxRetries: 1 }).chat.completions.create(chatParams);
    expect(completion.choices[0]!.message.content).toBe('after retry');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.headers['x-stainless-retry-count']).toBe('1');
  });

  it('surfaces the 429 body as a RateLimitError when retries are off', async () => {
    fake.script('embeddings', { fault: 'rate-limit', retryAfterSeconds: 3 });
    const error = await client().embeddings.create({ model: 'm', input: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.code).toBe('rate_limit_exceeded');
    expect(rateLimit.headers.get('retry-after')).toBe('3');
  });

  it('surfaces a scripted 500 as an APIError with status 500', async () => {
    fake.script('chat.completions', { fault: 'status', status: 500 });
    const error = await client().chat.completions.create(chatParams).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(500);
    expect((error as InstanceType<typeof OpenAI.APIError>).type).toBe('server_error');
    expect(fake.requests).toHaveLength(1);
  });

  it('surfaces malformed JSON as a parse error', async () => {
    fake.script('chat.completions', { fault: 'malformed-json' });
    await expect(client().chat.completions.create(chatParams)).rejects.toThrow(SyntaxError);
  });

  it('surfaces a truncated stream as an error while iterating', async () => {
    fake.script('chat.completions', { fault: 'truncated-stream' });
    const stream = await client().chat.completions.create({ ...chatParams, stream: true });
    const received: string[] = [];
    const iterate = async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    };
    await expect(iterate()).rejects.toThrow();
    expect(received.length).toBeGreaterThan(0);
  });

  it('rejects a scripted unauthorized call and wrong keys with AuthenticationError', async () => {
    fake.script('models', { fault: 'unauthorized' });
    const scripted = await client().models.list().catch((e: unknown) => e);
    expect(scripted).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((scripted as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');

    const wrongKey = await client({ apiKey: 'sk-wrong' }).models.list().catch((e: unknown) => e);
    expect(wrongKey).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(fake.requests.map((r) => r.authorized)).toEqual([true, false]);
  });

  it('holds a timeout fault open until the SDK gives up', async () => {
    // Held for 5 s: a timeout error (not an answer) shows the client gave up first.
    fake.script('chat.completions', { fault: 'timeout', delayMs: 5_000 });
    await expect(client({ timeout: 200 }).chat.completions.create(chatParams)).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });

  it('answers after a short delay when the client waits long enough', async () => {
    fake.script('chat.completions', { fault: 'timeout', delayMs: 150 }, { content: 'next call' });
    const started = Date.now();
    const completion = await client({ timeout: 2_000 }).chat.completions.create(chatParams);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(completion.choices[0]!.message.content).toBe('fake reply');
  });
});

describe('models and recording', () => {
  it('lists one model', async () => {
    const models = [];
    for await (const model of client().models.list()) models.push(model.id);
    expect(models).toEqual(['fake-model']);
  });

  it('records method, path, lower-cased headers with redacted auth, and the parsed body', async () => {
    await client().embeddings.create({ model: 'text-embedding-3-small', input: ['a b'], encoding_format: 'float' });
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/embeddings',
      authorized: true,
      body: { model: 'text-embedding-3-small', input: ['a b'], encoding_format: 'float' },
    });
    expect(request!.headers.authorization).toBe('Bearer ***');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.stringify(fake.requests)).not.toContain(API_KEY);
  });

  it('reset() forgets requests and queued steps', async () => {
    fake.script('chat.completions', { content: 'never served' });
    await client().models.list();
    fake.reset();
    expect(fake.requests).toEqual([]);
    const completion = await client().chat.completions.create(chatParams);
    expect(completion.choices[0]!.message.content).toBe('fake reply');
  });

  it('returns 401 to requests without a key when apiKey is set', async () => {
    // The SDK refuses to send without a key, so speak HTTP directly.
    const response = await fetch(`${fake.url}/models`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(fake.requests[0]!.authorized).toBe(false);
    expect(fake.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('close() resolves even with a held-open response', async () => {
    const own = await startFakeOpenAI();
    own.script('chat.completions', { fault: 'timeout', delayMs: 60_000 });
    const pending = new OpenAI({ apiKey: 'k', baseURL: own.url, maxRetries: 0 }).chat.completions.create(chatParams).catch((e: unknown) => e);
    while (own.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await own.close();
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
