import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatModel, ChatRequest } from '../src/domain/answer/chat-model';
import { questionMessage, systemMessage } from '../src/domain/answer/prompt';
import type { Passage } from '../src/domain/answer/types';
import { runEval } from './finetune-eval';

const passage = (text: string): Passage => ({ label: 'P1', chunkId: 'c', documentId: 'd.md', title: 'Doc', headingPath: ['Doc', 'Part'], text, url: null, score: 1, ranks: {} });
const ITEMS = [
  { id: 'r1', question: 'where do employees park in the garage?', text: 'Employees park in the garage on level -1.', reference: 'Employees park in the garage on level -1.', source: 'approved' },
  { id: 'r2', question: 'when is the office lunch served?', text: 'Lunch is served on Thursdays at noon.', reference: 'Lunch is on Thursdays at noon.', source: 'edited' },
];

/** A model that answers every question with `reply(referenceFor(question))`, recording its calls. */
function fakeModel(reply: (reference: string) => { answer: string; citations: string[]; assessment: string }): ChatModel & { calls: ChatRequest[] } {
  const calls: ChatRequest[] = [];
  return {
    model: 'fake',
    contextWindow: 100_000,
    calls,
    async complete(request) {
      calls.push(request);
      const user = request.messages.find((message) => message.role === 'user')!.content;
      const reference = ITEMS.find((item) => user.includes(item.question))!.reference;
      return { model: 'fake', content: JSON.stringify(reply(reference)), toolCalls: [], finishReason: 'stop', usage: { inputTokens: 50, outputTokens: 10 }, logprobs: null };
    },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'countersign-eval-'));
  const examples = ITEMS.map((item) => JSON.stringify({ messages: [systemMessage('You are the bot.'), questionMessage(item.question, [passage(item.text)]), { role: 'assistant', content: item.reference }] }));
  const metas = ITEMS.map((item) => JSON.stringify({ id: item.id, audience: 'employee', source: item.source }));
  await writeFile(path.join(dir, 'validation.jsonl'), `${examples.join('\n')}\n`);
  await writeFile(path.join(dir, 'validation.meta.jsonl'), `${metas.join('\n')}\n`);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('finetune eval', () => {
  it('scores candidate and baseline side by side on a fixture with known answers, and promotes nothing', async () => {
    const perfect = fakeModel((reference) => ({ answer: reference, citations: ['P1'], assessment: 'answered' }));
    const careless = fakeModel(() => ({ answer: 'Please ask someone else.', citations: ['P4'], assessment: 'answered' }));
    const lines: string[] = [];
    const saved = path.join(dir, 'eval.json');
    const code = await runEval(['--candidate', 'ft:good', '--baseline', 'base', '--validation', path.join(dir, 'validation.jsonl'), '--save', saved, '--json'], {
      stdout: (line) => lines.push(line),
      model: (id) => (id === 'ft:good' ? perfect : careless),
    });
    expect(code).toBe(0);
    const figures = JSON.parse(lines.at(-1)!) as Record<string, { meanSimilarity: number; citationValidity: number; policyAgreement: number; inputTokens: number }>;
    expect(figures['ft:good']).toMatchObject({ meanSimilarity: 1, citationValidity: 1, inputTokens: 100 });
    expect(figures.base).toMatchObject({ meanSimilarity: 0, citationValidity: 0 });
    // The perfect model is sent for both; staff approved one and edited the other.
    expect(figures['ft:good']!.policyAgreement).toBe(0.5);
    expect(lines.join('\n')).toContain('Nothing was promoted');
    const file = JSON.parse(await readFile(saved, 'utf8'));
    expect(file).toMatchObject({ candidate: 'ft:good', baseline: 'base', items: 2, figures: { 'ft:good': { meanSimilarity: 1 } } });
    // Each model saw the recorded prompt, with the engine's schema.
    expect(perfect.calls[0]?.messages[0]?.content).toContain('You are the bot.');
    expect(perfect.calls[0]?.responseSchema?.name).toBe('countersign_answer');
  });

  it('explains what is missing', async () => {
    await expect(runEval(['--validation', path.join(dir, 'validation.jsonl')], { stdout: () => {} })).rejects.toThrow('--candidate');
    await expect(runEval(['--candidate', 'x', '--validation', path.join(dir, 'missing.jsonl')], { stdout: () => {} })).rejects.toThrow('run `npm run finetune -- export` first');
  });
});
