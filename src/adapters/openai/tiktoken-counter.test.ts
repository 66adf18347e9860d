import { beforeAll, describe, expect, it } from 'vitest';
import { fitToBudget } from '../../domain/answer/token-budget';
import { ApproximateCounter } from '../../domain/answer/approximate-counter';
import { TiktokenCounter } from './tiktoken-counter';

const PROSE =
  'Employees may carry over up to five days of unused annual leave into the next calendar year. ' +
  'Requests to carry over more than five days need written approval from your line manager and HR. ' +
  'Carried-over leave must be taken by the end of March, after which it expires without compensation.';

describe('TiktokenCounter (o200k_base)', () => {
  let counter: TiktokenCounter;
  // Building the encoder takes about half a second.
  beforeAll(async () => {
    counter = await TiktokenCounter.load();
  }, 30_000);

  it('counts as OpenAI does', () => {
    expect(counter.count('hello world')).toBe(2);
    expect(counter.count('')).toBe(0);
    // Each " alpha", " beta"... is a single token in o200k_base.
    const text = Array.from({ length: 5000 }, (_, i) => ['alpha', 'beta', 'gamma', 'delta'][i % 4]).join(' ');
    expect(counter.count(text)).toBe(5000);
  });

  it('counts special-token strings in user text instead of throwing', () => {
    expect(counter.count('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('builds the encoder once per isolate', async () => {
    const [first, again] = await Promise.all([TiktokenCounter.load(), TiktokenCounter.load()]);
    const encoderOf = (counter: TiktokenCounter) => (counter as unknown as { encoder: unknown }).encoder;
    expect(encoderOf(again)).toBe(encoderOf(first));
    expect(encoderOf(again)).toBe(encoderOf(counter));
    expect(again.count('hello world')).toBe(2);
  });

  it('keeps a 5000-word knowledge text within the budget, counted for real', () => {
    const words = PROSE.split(' ');
    const corpus = Array.from({ length: 5000 }, (_, i) => words[i % words.length]).join(' ');
    const chunks = corpus.match(/(?:\S+\s+){1,100}/g) ?? [];
    const passages = chunks.map((text, i) => ({ label: `P${i + 1}`, text: text.trim() }));
    expect(passages).toHaveLength(50);
    const formatPassage = (p: { label: string; text: string }) => `<passage id="${p.label}">\n${p.text}\n</passage>`;
    const budget = { contextWindow: 4096, maxOutputTokens: 512, safetyMargin: 100 };
    const result = fitToBudget({
      counter,
      ...budget,
      system: 'You are Countersign. Answer from the passages provided.',
      question: 'How many days of leave can I carry over?',
      history: [{ role: 'user', text: 'Hi, a question about leave.' }],
      passages,
      formatPassage,
      formatTurn: (turn) => turn.text,
    });
    const limit = budget.contextWindow - budget.maxOutputTokens - budget.safetyMargin;
    expect(result.promptTokens).toBeLessThanOrEqual(limit);
    expect(result.passages.length).toBeGreaterThan(15);
    expect(result.dropped.passages).toBe(50 - result.passages.length);
    // The passages as actually sent (one joined block) count no more than
    // the budget charged for them one by one.
    const charged = result.passages.reduce((n, p) => n + counter.count(formatPassage(p)) + 1, 0);
    expect(counter.count(result.passages.map(formatPassage).join('\n'))).toBeLessThanOrEqual(charged);
  });

  it('is over-estimated by the approximate counter on English prose', () => {
    const approximate = new ApproximateCounter();
    expect(approximate.count(PROSE)).toBeGreaterThanOrEqual(counter.count(PROSE));
    expect(approximate.count('')).toBe(0);
  });
});
