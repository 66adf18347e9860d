import { describe, expect, it } from 'vitest';
import { knowledgeGaps, questionKey } from './knowledge-gaps';
import type { DraftFact } from './types';

const draft = (id: string, question: string, createdAt: string, decision: DraftFact['decision'] = 'handoff'): DraftFact => ({
  id,
  createdAt,
  decision,
  mode: 'extractive',
  model: null,
  inputTokens: 0,
  outputTokens: 0,
  question,
});

describe('questionKey', () => {
  it('lower-cases and collapses punctuation and whitespace to single spaces', () => {
    expect(questionKey('  Refund policy?? ')).toBe('refund policy');
    expect(questionKey("Where's my\tORDER!!")).toBe('where s my order');
    expect(questionKey('Ｗｉｆｉ password — office')).toBe('wifi password office');
    expect(questionKey('?!')).toBe('');
  });
});

describe('knowledgeGaps', () => {
  it('groups handed-off questions by key, most frequent first, showing the latest wording', () => {
    const gaps = knowledgeGaps([
      draft('1', 'Refund policy?', '2026-11-25T10:00:00.000Z'),
      draft('2', 'Do you ship to Mars?', '2026-11-26T09:00:00.000Z'),
      draft('3', 'refund   POLICY', '2026-11-25T11:00:00.000Z'),
      draft('4', 'refund policy', '2026-11-24T11:00:00.000Z'),
      draft('5', 'Refund policy?', '2026-11-26T11:00:00.000Z', 'review'),
      draft('6', 'Holiday hours', '2026-11-26T10:00:00.000Z'),
    ]);
    expect(gaps).toEqual([
      { question: 'refund POLICY', key: 'refund policy', count: 3, lastAskedAt: '2026-11-25T11:00:00.000Z' },
      { question: 'Holiday hours', key: 'holiday hours', count: 1, lastAskedAt: '2026-11-26T10:00:00.000Z' },
      { question: 'Do you ship to Mars?', key: 'do you ship to mars', count: 1, lastAskedAt: '2026-11-26T09:00:00.000Z' },
    ]);
    expect(knowledgeGaps([draft('1', 'a', 'x'), draft('2', 'b', 'x'), draft('3', 'c', 'x')], 2).map((gap) => gap.key)).toEqual(['a', 'b']);
  });
});
