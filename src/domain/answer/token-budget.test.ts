import { describe, expect, it } from 'vitest';
import type { TokenCounter } from './chat-model';
import { BudgetError, fitToBudget, MESSAGE_OVERHEAD, PASSAGE_SEPARATOR, REPLY_PRIMING } from './token-budget';

/** One token per whitespace-separated word: deterministic and easy to reason about. */
const words: TokenCounter = { count: (text) => text.split(/\s+/).filter(Boolean).length };
const text = (n: number, word = 'w') => Array.from({ length: n }, () => word).join(' ');

interface Turn {
  role: 'user' | 'assistant';
  text: string;
}
interface Passage {
  label: string;
  text: string;
}

const passage = (label: string, size: number): Passage => ({ label, text: text(size) });
const turn = (role: Turn['role'], size: number, word = 'w'): Turn => ({ role, text: text(size, word) });

/** system 10 + question 5 words → 10 + 5 + 2 overheads + priming. */
const FIXED = 15 + 2 * MESSAGE_OVERHEAD + REPLY_PRIMING;

function budgetFor(options: { contextWindow: number; passages?: Passage[]; history?: Turn[]; maxOutputTokens?: number; safetyMargin?: number }) {
  return fitToBudget({
    counter: words,
    contextWindow: options.contextWindow,
    maxOutputTokens: options.maxOutputTokens ?? 100,
    system: text(10),
    question: text(5),
    history: options.history ?? [],
    passages: options.passages ?? [],
    // The label adds one word per passage, as the real formatter adds an id.
    formatPassage: (p) => `${p.label} ${p.text}`,
    formatTurn: (t) => t.text,
    safetyMargin: options.safetyMargin ?? 0,
  });
}

describe('fitToBudget', () => {
  it('keeps everything when it all fits, and counts every overhead', () => {
    const result = budgetFor({ contextWindow: 1000, passages: [passage('P1', 9), passage('P2', 19)], history: [turn('user', 6), turn('assistant', 7)] });
    expect(result.passages.map((p) => p.label)).toEqual(['P1', 'P2']);
    expect(result.history.map((t) => t.role)).toEqual(['user', 'assistant']);
    expect(result.dropped).toEqual({ passages: 0, turns: 0 });
    const passages = 10 + 20 + 2 * PASSAGE_SEPARATOR;
    const history = 6 + 7 + 2 * MESSAGE_OVERHEAD;
    // Everything fits by the byte bound, so nothing was counted: the figure is an upper bound.
    expect(result.exact).toBe(false);
    expect(result.promptTokens).toBeGreaterThanOrEqual(FIXED + passages + history);
    expect(result.promptTokens).toBeLessThanOrEqual(1000);
  });

  it('counts exactly, every overhead included, when the byte bound does not fit', () => {
    // The byte bound of the history (2 bytes a word) is over its share; the word counts are not.
    const result = budgetFor({ contextWindow: 250, passages: [passage('P1', 9), passage('P2', 19)], history: [turn('user', 6), turn('assistant', 7)] });
    expect(result.exact).toBe(true);
    expect(result.passages.map((p) => p.label)).toEqual(['P1', 'P2']);
    const passages = 10 + 20 + 2 * PASSAGE_SEPARATOR;
    const history = 6 + 7 + 2 * MESSAGE_OVERHEAD;
    expect(result.promptTokens).toBe(FIXED + passages + history);
  });

  it('drops the weakest passages first, keeping a best-first prefix', () => {
    // Available after system + question: 200 - 100 - FIXED = 74; each passage costs 31.
    const passages = [passage('P1', 29), passage('P2', 29), passage('P3', 29), passage('P4', 1)];
    const result = budgetFor({ contextWindow: 200, passages });
    // P4 would fit on its own, but taking it after skipping P3 would keep a weaker passage over a stronger one.
    expect(result.passages.map((p) => p.label)).toEqual(['P1', 'P2']);
    expect(result.dropped).toEqual({ passages: 2, turns: 0 });
    expect(result.promptTokens).toBe(FIXED + 62);
  });

  it('gives history at most its share, most recent turns first, returned oldest first', () => {
    // Available after the fixed part: 1000 - 100 - FIXED = 874; 25% → 218 for history.
    const history = [turn('user', 100, 'old'), turn('assistant', 100, 'middle'), turn('user', 100, 'recent'), turn('assistant', 50, 'latest')];
    const result = budgetFor({ contextWindow: 1000, history, passages: [passage('P1', 500)] });
    // latest (54) + recent (104) = 158 fits 218; adding middle (104) would not.
    expect(result.history.map((t) => t.text.split(' ')[0])).toEqual(['recent', 'latest']);
    expect(result.dropped.turns).toBe(2);
    // History left the rest to passages: 874 - 158 = 716 ≥ 502.
    expect(result.passages).toHaveLength(1);
  });

  it('stops at the first turn that does not fit rather than leaving a gap', () => {
    const history = [turn('user', 5, 'older'), turn('assistant', 500, 'long'), turn('user', 5, 'latest')];
    const result = budgetFor({ contextWindow: 1000, history });
    expect(result.history.map((t) => t.text.split(' ')[0])).toEqual(['latest']);
    expect(result.dropped.turns).toBe(2);
  });

  it('lets passages use what history leaves unused, but history never the other way round', () => {
    const passages = Array.from({ length: 30 }, (_, i) => passage(`P${i + 1}`, 29));
    const withoutHistory = budgetFor({ contextWindow: 1000, passages });
    // 874 available; 28 passages of 30 + 1 = 868.
    expect(withoutHistory.passages).toHaveLength(28);
    const history = Array.from({ length: 10 }, (_, i) => turn(i % 2 === 0 ? 'user' : 'assistant', 36));
    const withHistory = budgetFor({ contextWindow: 1000, passages, history });
    // History capped at 218: five turns of 40.
    expect(withHistory.history).toHaveLength(5);
    expect(withHistory.passages).toHaveLength(Math.floor((874 - 200) / 31));
  });

  it('respects the safety margin and the reserved output', () => {
    const passages = Array.from({ length: 10 }, (_, i) => passage(`P${i + 1}`, 9));
    const result = budgetFor({ contextWindow: 300, maxOutputTokens: 150, safetyMargin: 50, passages });
    const limit = 300 - 150 - 50;
    expect(result.promptTokens).toBeLessThanOrEqual(limit);
    expect(result.passages).toHaveLength(Math.floor((limit - FIXED) / 11));
  });

  it('never exceeds the limit, whatever the sizes', () => {
    let seed = 42;
    const random = (max: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return 1 + (seed % max);
    };
    for (let round = 0; round < 200; round++) {
      const contextWindow = 200 + random(4000);
      const maxOutputTokens = random(100);
      const passages = Array.from({ length: random(20) }, (_, i) => passage(`P${i}`, random(300)));
      const history = Array.from({ length: random(12) }, (_, i) => turn(i % 2 === 0 ? 'user' : 'assistant', random(200)));
      const result = budgetFor({ contextWindow, maxOutputTokens, passages, history, safetyMargin: random(50) });
      const historyCost = result.history.reduce((n, t) => n + words.count(t.text) + MESSAGE_OVERHEAD, 0);
      const passageCost = result.passages.reduce((n, p) => n + words.count(`${p.label} ${p.text}`) + PASSAGE_SEPARATOR, 0);
      if (result.exact) expect(result.promptTokens).toBe(FIXED + historyCost + passageCost);
      else expect(result.promptTokens).toBeGreaterThanOrEqual(FIXED + historyCost + passageCost);
      expect(result.promptTokens).toBeLessThanOrEqual(contextWindow - maxOutputTokens);
      expect(historyCost).toBeLessThanOrEqual(Math.floor((contextWindow - maxOutputTokens - FIXED) * 0.25));
      expect(result.passages).toEqual(passages.slice(0, result.passages.length));
      expect(result.history).toEqual(history.slice(history.length - result.history.length));
    }
  });

  it('defaults the safety margin to 2% of the window, at least 64 tokens', () => {
    const passages = Array.from({ length: 100 }, (_, i) => passage(`P${i + 1}`, 9));
    const result = fitToBudget({
      counter: words,
      contextWindow: 1000,
      maxOutputTokens: 100,
      system: text(10),
      question: text(5),
      history: [],
      passages,
      formatPassage: (p) => `${p.label} ${p.text}`,
      formatTurn: (t: Turn) => t.text,
    });
    // 1000 - 100 - 64 = 836 available; passages cost 11 each.
    expect(result.promptTokens).toBe(FIXED + Math.floor((836 - FIXED) / 11) * 11);
  });

  it('throws a BudgetError with sizes only when even system and question do not fit', () => {
    const attempt = () =>
      fitToBudget({
        counter: words,
        contextWindow: 120,
        maxOutputTokens: 100,
        system: text(10, 'secret-system'),
        question: text(30, 'private-question'),
        history: [],
        passages: [],
        formatPassage: (p: Passage) => p.text,
        formatTurn: (t: Turn) => t.text,
        safetyMargin: 0,
      });
    expect(attempt).toThrow(BudgetError);
    try {
      attempt();
    } catch (error) {
      const budgetError = error as BudgetError;
      expect(budgetError.requiredTokens).toBe(40 + 2 * MESSAGE_OVERHEAD + REPLY_PRIMING);
      expect(budgetError.availableTokens).toBe(20);
      expect(budgetError.message).not.toMatch(/secret-system|private-question/);
    }
  });

  it('throws when the reply reservation alone exceeds the window', () => {
    expect(() => budgetFor({ contextWindow: 100, maxOutputTokens: 200 })).toThrow(BudgetError);
  });
});
