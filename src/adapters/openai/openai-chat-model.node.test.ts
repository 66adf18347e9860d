// The adapter against a real HTTP server speaking OpenAI's wire format (the
// fake in test/support), through the real SDK. Runs in Node: see tsconfig.node.json.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../../test/support/fake-openai/server';
import type { ChatMessage, ChatRequest } from '../../domain/answer/chat-model';
import { OpenAIChatModel, type OpenAIChatModelOptions } from './openai-chat-model';

const API_KEY = 'sk-test-chat-key';
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const modelFor = (options: Partial<OpenAIChatModelOptions> = {}) =>
  new OpenAIChatModel({ apiKey: API_KEY, baseURL: fake.url, model: 'gpt-4o', sleep: async () => {}, ...options });

const question: ChatMessage[] = [
  { role: 'system', content: 'You are Countersign.' },
  { role: 'user', content: 'How many days of leave carry over?' },
];
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: question, maxOutputTokens: 300, ...extra });
const SCHEMA = {
  name: 'countersign_answer',
  schema: { type: 'object', additionalProperties: false, required: ['answer'], properties: { answer: { type: 'string' } } },
};
type Body = Record<string, unknown> & { messages: Record<string, unknown>[] };
const body = (i: number) => fake.requests[i]!.body as Body;

describe('OpenAIChatModel: mapping', () => {
  it('maps a plain reply: content, usage, finish reason, model', async () => {
    fake.script('chat.completions', { content: 'Five days carry over.' });
    const response = await modelFor().complete(ask());
    expect(response).toEqual({
      model: 'gpt-4o',
      content: 'Five days carry over.',
      toolCalls: [],
      finishReason: 'stop',
      // The fake counts whitespace-separated words.
      usage: { inputTokens: 10, outputTokens: 4 },
      logprobs: null,
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.authorized).toBe(true);
    expect(body(0)).toEqual({ model: 'gpt-4o', messages: question, max_tokens: 300 });
  });

  it('passes a truncated reply on as finishReason "length"', async () => {
    fake.script('chat.completions', { content: 'Five days', finishReason: 'length' });
    expect((await modelFor().complete(ask())).finishReason).toBe('length');
  });

  it('reads tool calls from the reply', async () => {
    fake.script('chat.completions', { toolCalls: [{ name: 'create_ticket', arguments: { title: 'Leave question' } }] });
    const tools = [{ name: 'create_ticket', description: 'Opens a ticket', parameters: { type: 'object', properties: { title: { type: 'string' } } } }];
    const response = await modelFor().complete(ask({ tools }));
    expect(response.finishReason).toBe('tool_calls');
    expect(response.content).toBe('');
    expect(response.toolCalls).toEqual([{ id: expect.stringMatching(/^call_/), name: 'create_ticket', arguments: '{"title":"Leave question"}' }]);
    expect(body(0).tools).toEqual([{ type: 'function', function: tools[0] }]);
  });

  it('sends assistant tool calls and tool results in the wire shape', async () => {
    fake.script('chat.completions', { content: 'Ticket T-1 is pending approval.' });
    const messages: ChatMessage[] = [
      ...question,
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'lookup_policy', arguments: '{"topic":"leave"}' }] },
      { role: 'tool', toolCallId: 'call_1', content: '{"days":5}' },
    ];
    await modelFor().complete(ask({ messages }));
    expect(body(0).messages.slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup_policy', arguments: '{"topic":"leave"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"days":5}' },
    ]);
  });

  it('asks for json_schema with strict output', async () => {
    fake.script('chat.completions', { json: { answer: 'Five days.' } });
    const response = await modelFor().complete(ask({ responseSchema: SCHEMA }));
    expect(JSON.parse(response.content)).toEqual({ answer: 'Five days.' });
    expect(body(0).response_format).toEqual({ type: 'json_schema', json_schema: { name: SCHEMA.name, schema: SCHEMA.schema, strict: true } });
    expect(body(0).messages).toEqual(question);
  });

  it('returns token logprobs when asked', async () => {
    fake.script('chat.completions', { content: 'Five days carry', logprobs: [-0.1, -0.25, -2] });
    const response = await modelFor().complete(ask({ logprobs: true }));
    expect(body(0).logprobs).toBe(true);
    expect(response.logprobs).toEqual([-0.1, -0.25, -2]);
  });

  it('sends fine-tuned ids as they are and knows their context window', async () => {
    const id = 'ft:gpt-4o-mini-2024-07-18:acme:countersign:9abcDEF';
    fake.script('chat.completions', { content: 'ok' });
    const model = modelFor({ model: id });
    expect(model.contextWindow).toBe(128_000);
    expect((await model.complete(ask())).model).toBe(id);
    expect(body(0).model).toBe(id);
  });

  it('defaults the context window by model family, else 8192, and lets the option override', () => {
    expect(modelFor({ model: 'gpt-4.1-mini' }).contextWindow).toBe(1_047_576);
    expect(modelFor({ model: 'o1-mini' }).contextWindow).toBe(128_000);
    expect(modelFor({ model: 'o3-mini' }).contextWindow).toBe(200_000);
    expect(modelFor({ model: 'llama3.1:8b' }).contextWindow).toBe(8192);
    expect(modelFor({ model: 'llama3.1:8b', contextWindow: 32_768 }).contextWindow).toBe(32_768);
  });

  it('defaults usage to 0 when a compatible server omits it', async () => {
    const fetch = async () =>
      Response.json({ id: 'x', model: 'local', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'eos' }] });
    const response = await modelFor({ fetch }).complete(ask());
    expect(response).toMatchObject({ model: 'local', content: 'hi', finishReason: 'other', usage: { inputTokens: 0, outputTokens: 0 } });
  });
});

describe('OpenAIChatModel: falling back for servers that support less', () => {
  const NOT_SUPPORTED = { fault: 'status' as const, status: 400, message: 'response_format json_schema is not supported' };

  it('falls back to json_object with the schema in a system message, and remembers', async () => {
    fake.script('chat.completions', NOT_SUPPORTED, { json: { answer: 'Five days.' } }, { json: { answer: 'Again.' } });
    const model = modelFor();
    const first = await model.complete(ask({ responseSchema: SCHEMA }));
    expect(JSON.parse(first.content)).toEqual({ answer: 'Five days.' });
    expect(body(0).response_format).toMatchObject({ type: 'json_schema' });
    expect(body(1).response_format).toEqual({ type: 'json_object' });
    const instruction = body(1).messages[1]!;
    expect(instruction.role).toBe('system');
    expect(instruction.content).toContain('JSON');
    expect(instruction.content).toContain(JSON.stringify(SCHEMA.schema));
    expect(body(1).messages.map((m) => m.role)).toEqual(['system', 'system', 'user']);

    await model.complete(ask({ responseSchema: SCHEMA }));
    expect(fake.requests).toHaveLength(3);
    expect(body(2).response_format).toEqual({ type: 'json_object' });
  });

  it('drops response_format altogether when json_object is rejected too', async () => {
    const noJsonMode = { fault: 'status' as const, status: 400, message: "'response_format.type' must be 'text'" };
    fake.script('chat.completions', NOT_SUPPORTED, noJsonMode, { content: '{"answer":"Five days."}' }, { content: 'ok' });
    const model = modelFor();
    expect((await model.complete(ask({ responseSchema: SCHEMA }))).content).toBe('{"answer":"Five days."}');
    expect(body(2).response_format).toBeUndefined();
    expect(body(2).messages[1]!.content).toContain(JSON.stringify(SCHEMA.schema));
    await model.complete(ask({ responseSchema: SCHEMA }));
    expect(fake.requests).toHaveLength(4);
    expect(body(3).response_format).toBeUndefined();
  });

  it('does not downgrade when OpenAI rejects the schema itself: that is a bug to fix', async () => {
    const badSchema = { fault: 'status' as const, status: 400, message: "Invalid schema for response_format 'countersign_answer': ..." };
    fake.script('chat.completions', badSchema);
    await expect(modelFor().complete(ask({ responseSchema: SCHEMA }))).rejects.toMatchObject({ code: 'bad_request', retryable: false });
    expect(fake.requests).toHaveLength(1);
  });

  it('does not blame response_format for another unsupported feature', async () => {
    fake.script('chat.completions', { fault: 'status', status: 400, message: 'tools are not supported by this model' });
    const tools = [{ name: 'lookup', description: 'Looks up', parameters: { type: 'object' } }];
    await expect(modelFor().complete(ask({ responseSchema: SCHEMA, tools }))).rejects.toMatchObject({ code: 'bad_request', statusCode: 400 });
    expect(fake.requests).toHaveLength(1);
  });

  it('retries without logprobs when the server rejects them, and remembers', async () => {
    const noLogprobs = { fault: 'status' as const, status: 400, message: 'logprobs is not supported for this model' };
    fake.script('chat.completions', noLogprobs, { content: 'Five days.' }, { content: 'Again.' });
    const model = modelFor();
    const response = await model.complete(ask({ logprobs: true, responseSchema: SCHEMA }));
    expect(response.logprobs).toBeNull();
    expect(body(1).logprobs).toBeUndefined();
    // Only logprobs were dropped: the schema is still asked for.
    expect(body(1).response_format).toMatchObject({ type: 'json_schema' });
    await model.complete(ask({ logprobs: true }));
    expect(fake.requests).toHaveLength(3);
    expect(body(2).logprobs).toBeUndefined();
  });

  it('switches to max_completion_tokens when max_tokens is refused, and uses it at once for reasoning models', async () => {
    const message = "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.";
    fake.script('chat.completions', { fault: 'status', status: 400, message }, { content: 'ok' }, { content: 'ok' });
    await modelFor({ model: 'my-azure-deployment' }).complete(ask());
    expect(body(1)).toMatchObject({ max_completion_tokens: 300 });
    expect(body(1).max_tokens).toBeUndefined();
    await modelFor({ model: 'o3-mini' }).complete(ask());
    expect(fake.requests).toHaveLength(3);
    expect(body(2)).toMatchObject({ max_completion_tokens: 300 });
  });
});
