// Exact counts near the window: the adapter against the fake OpenAI server's
// POST /v1/responses/input_tokens (which counts with the real o200k_base),
// and a whole draft through the engine's budget. Runs in Node.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../../test/support/fake-openai/server';
import { ApproximateCounter } from '../../domain/answer/approximate-counter';
import type { ChatMessage } from '../../domain/answer/chat-model';
import { DEFAULT_ENGINE_CONFIG } from '../../domain/answer/engine-config';
import { draftWithModel } from '../../domain/answer/model-draft';
import type { Passage } from '../../domain/answer/types';
import { OpenAIChatModel, type OpenAIChatModelOptions } from './openai-chat-model';
import { TiktokenCounter } from './tiktoken-counter';
import { TOKEN_SAMPLES } from './token-samples';

const API_KEY = 'sk-test-count-key';
let fake: FakeOpenAI;
let exact: TiktokenCounter;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
  // Both tokenizers take seconds to build on a busy machine: the fake's (on its first count) and ours.
  exact = await TiktokenCounter.load();
  await fetch(`${fake.url}/responses/input_tokens`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` }, body: JSON.stringify({ model: 'gpt-4o', input: 'warm up' }) });
  fake.reset();
}, 60_000);
afterEach(() => fake.reset());
afterAll(() => fake.close());

const modelFor = (options: Partial<OpenAIChatModelOptions> = {}) =>
  new OpenAIChatModel({ apiKey: API_KEY, baseURL: fake.url, model: 'gpt-4o', sleep: async () => {}, exactCounts: true, ...options });
const messages: ChatMessage[] = [
  { role: 'system', content: 'You are Countersign.' },
  { role: 'user', content: 'How many days of leave carry over?' },
];
const countRequests = () => fake.requests.filter((request) => request.path === '/v1/responses/input_tokens');

describe('OpenAIChatModel.countInputTokens', () => {
  it("returns the provider's count, sending the model and the messages as Responses input", async () => {
    const count = await modelFor().countInputTokens(messages);
    expect(count).toBe(exact.count(messages[0]!.content) + exact.count(messages[1]!.content) + 2 * 4 + 3);
    expect(countRequests()[0]!.body).toEqual({ model: 'gpt-4o', input: messages.map(({ role, content }) => ({ role, content })) });
  });

  it('asks nothing unless exact counts are switched on', async () => {
    expect(await modelFor({ exactCounts: false }).countInputTokens(messages)).toBeNull();
    expect(countRequests()).toHaveLength(0);
  });

  it('stops asking a server without the endpoint, and survives a failed count', async () => {
    const model = modelFor();
    fake.script('responses.input_tokens', { fault: 'status', status: 500 });
    expect(await model.countInputTokens(messages)).toBeNull();
    fake.script('responses.input_tokens', { fault: 'status', status: 404 });
    expect(await model.countInputTokens(messages)).toBeNull();
    expect(await model.countInputTokens(messages)).toBeNull();
    expect(countRequests()).toHaveLength(2);
  });
});

describe('a draft near the context window', () => {
  const passages: Passage[] = Array.from({ length: 24 }, (_, i) => ({
    label: `P${i + 1}`,
    chunkId: `c${i}`,
    documentId: `d${i}`,
    title: 'Handbook',
    headingPath: ['Handbook', `Section ${i + 1}`],
    text: `${TOKEN_SAMPLES.english} ${TOKEN_SAMPLES.markdown}`,
    url: null,
    score: 1,
    ranks: {},
  }));
  const draft = (model: OpenAIChatModel) =>
    draftWithModel(model, new ApproximateCounter(), null, { ...DEFAULT_ENGINE_CONFIG, maxOutputTokens: 256 }, { question: 'How many days of leave carry over?', audience: 'employee', history: [], passages, draftId: 'd1' });

  it("shows the model more passages with the provider's count, and the prompt still fits the window", async () => {
    const estimateOnly = await draft(modelFor({ contextWindow: 4096, exactCounts: false }));
    fake.reset();
    const counted = await draft(modelFor({ contextWindow: 4096 }));
    expect(counted.shown.length).toBeGreaterThan(estimateOnly.shown.length);
    expect(counted.shown.length).toBeLessThan(passages.length);
    const counts = countRequests();
    expect(counts).toHaveLength(2);
    // What was sent to the chat endpoint is exactly what the provider counted last, within the window.
    const sent = fake.requests.find((request) => request.path === '/v1/chat/completions')!.body as { messages: { role: string; content: string }[] };
    expect((counts[1]!.body as { input: unknown }).input).toEqual(sent.messages.map(({ role, content }) => ({ role, content })));
    const prompt = sent.messages.reduce((sum, message) => sum + exact.count(message.content) + 4, 3);
    expect(prompt + 256).toBeLessThanOrEqual(4096);
  });
});
