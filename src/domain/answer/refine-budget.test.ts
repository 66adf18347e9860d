import { describe, expect, it } from 'vitest';
import type { ChatMessage, TokenCounter } from './chat-model';
import { refineWithExactCount } from './refine-budget';
import { type BudgetInput, fitToBudget, MESSAGE_OVERHEAD, REPLY_PRIMING } from './token-budget';

interface Passage {
  label: string;
  text: string;
}
interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

/** The "exact" tokenizer of these tests: one token per word. */
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
/** A conservative estimate: twice the exact count, as an estimate that errs high does. */
const twice: TokenCounter = { count: (text) => 2 * words(text) };
const text = (n: number) => Array.from({ length: n }, () => 'w').join(' ');

function input(passages: number, contextWindow = 400): BudgetInput<Passage, Turn> {
  return {
    counter: twice,
    contextWindow,
    maxOutputTokens: 100,
    safetyMargin: 0,
    system: text(10),
    question: text(5),
    history: [],
    passages: Array.from({ length: passages }, (_, i) => ({ label: `P${i}`, text: text(20) })),
    formatPassage: (p) => p.text,
    formatTurn: (t) => t.text,
  };
}

const messagesOf = (fit: { passages: Passage[] }): ChatMessage[] => [
  { role: 'system', content: text(10) },
  { role: 'user', content: [...fit.passages.map((p) => p.text), text(5)].join('\n') },
];

/** A provider that counts words exactly, as the budget charges overheads, and records each call. */
function provider(answer?: (messages: ChatMessage[]) => number | null) {
  const calls: number[] = [];
  const countExactly = async (messages: ChatMessage[]) => {
    const exact = answer ? answer(messages) : messages.reduce((sum, m) => sum + words(m.content) + MESSAGE_OVERHEAD, REPLY_PRIMING);
    calls.push(exact ?? -1);
    return exact;
  };
  return { countExactly, calls };
}

describe('refineWithExactCount', () => {
  it('asks nothing when the estimate kept everything', async () => {
    const budget = input(3, 100_000);
    const estimated = fitToBudget(budget);
    const exact = provider();
    expect(await refineWithExactCount({ input: budget, estimated, messagesOf, countExactly: exact.countExactly })).toBe(estimated);
    expect(exact.calls).toEqual([]);
  });

  it('takes back passages the estimate dropped, and the exact count of what it sends is within the window', async () => {
    const budget = input(20);
    const estimated = fitToBudget(budget);
    const exact = provider();
    const refined = await refineWithExactCount({ input: budget, estimated, messagesOf, countExactly: exact.countExactly });
    expect(refined.passages.length).toBeGreaterThan(estimated.passages.length);
    expect(refined.passages).toEqual(budget.passages.slice(0, refined.passages.length));
    expect(exact.calls).toHaveLength(2);
    expect(refined.promptTokens).toBe(exact.calls[1]);
    expect(refined.promptTokens).toBeLessThanOrEqual(budget.contextWindow - budget.maxOutputTokens);
  });

  it('keeps the estimated fit when the provider counts the larger prompt over the window', async () => {
    const budget = input(20);
    const estimated = fitToBudget(budget);
    // Exact on the first prompt, then far over on the candidate.
    let call = 0;
    const exact = provider((messages) => (call++ === 0 ? messages.reduce((sum, m) => sum + words(m.content), 0) : 10_000));
    expect(await refineWithExactCount({ input: budget, estimated, messagesOf, countExactly: exact.countExactly })).toBe(estimated);
    expect(exact.calls).toHaveLength(2);
  });

  it('keeps the estimated fit when the provider cannot count', async () => {
    const budget = input(20);
    const estimated = fitToBudget(budget);
    const exact = provider(() => null);
    expect(await refineWithExactCount({ input: budget, estimated, messagesOf, countExactly: exact.countExactly })).toBe(estimated);
    expect(exact.calls).toHaveLength(1);
  });
});
