import { describe, expect, it } from 'vitest';
import { bestVerifiedMatch, questionSimilarity, type VerifiedAnswer, verifiedAnswerFrom } from './verified-answers';

const verified = (id: string, question: string): VerifiedAnswer => ({
  id,
  audience: 'employee',
  question,
  answer: `answer ${id}`,
  citedChunkIds: ['c1'],
  approvedAt: '2026-11-01T00:00:00Z',
});

describe('questionSimilarity', () => {
  it('is 1 for the same content words in any order, case or inflection', () => {
    expect(questionSimilarity('Is there parking for employees?', 'employee parking: is there any?')).toBeCloseTo(1, 5);
  });

  it('falls when the topic words differ', () => {
    expect(questionSimilarity('parking for employees', 'parking for visitors')).toBeCloseTo(0.5, 5);
    expect(questionSimilarity('refund policy', 'holiday allowance')).toBe(0);
    expect(questionSimilarity('???', 'parking')).toBe(0);
  });
});

describe('bestVerifiedMatch', () => {
  it('picks the most similar at or above the threshold, or nothing', () => {
    const candidates = [verified('a', 'visitor parking rules'), verified('b', 'employee parking garage')];
    expect(bestVerifiedMatch('garage parking for employees', candidates, 0.9)?.answer.id).toBe('b');
    expect(bestVerifiedMatch('garage parking', candidates, 0.9)).toBeNull();
  });
});

describe('verifiedAnswerFrom', () => {
  const draft = { id: 'd1', question: 'parking?', audience: 'employee' as const, citations: [{ chunkId: 'c1' }], proposedActions: [] };
  const now = new Date('2026-11-26T12:00:00Z');

  it('keeps the approved (possibly edited) text and the cited chunks', () => {
    expect(verifiedAnswerFrom(draft, ' Level -1. ', now)).toEqual({
      id: 'd1',
      audience: 'employee',
      question: 'parking?',
      answer: 'Level -1.',
      citedChunkIds: ['c1'],
      approvedAt: '2026-11-26T12:00:00.000Z',
    });
  });

  it('refuses drafts with actions, without citations, or with an empty reply', () => {
    expect(verifiedAnswerFrom({ ...draft, proposedActions: [{}] }, 'x', now)).toBeNull();
    expect(verifiedAnswerFrom({ ...draft, citations: [] }, 'x', now)).toBeNull();
    expect(verifiedAnswerFrom(draft, '  ', now)).toBeNull();
  });
});
