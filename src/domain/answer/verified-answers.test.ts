import { describe, expect, it } from 'vitest';
import { bestVerifiedMatch, personalDataIn, questionSimilarity, type VerifiedAnswer, verifiedAnswerFrom } from './verified-answers';

const verified = (id: string, question: string): VerifiedAnswer => ({
  id,
  audience: 'employee',
  question,
  answer: `answer ${id}`,
  channelKind: 'slack',
  citedChunkIds: ['c1'],
  approvedAt: '2026-11-01T00:00:00Z',
  approvedBy: 'U2001',
  reviewId: null,
  status: 'active',
  reuseCount: 0,
  lastUsedAt: null,
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
  const approved = (text: string) => ({ text, at: new Date('2026-11-26T12:00:00Z'), by: 'U2001', reviewId: 'r1', channelKind: 'slack' as const });

  it('keeps the approved (possibly edited) text, the cited chunks, who approved it and its scope', () => {
    expect(verifiedAnswerFrom(draft, approved(' Level -1. '))).toEqual({
      ok: true,
      answer: {
        id: 'd1',
        audience: 'employee',
        channelKind: 'slack',
        question: 'parking?',
        answer: 'Level -1.',
        citedChunkIds: ['c1'],
        approvedAt: '2026-11-26T12:00:00.000Z',
        approvedBy: 'U2001',
        reviewId: 'r1',
        status: 'active',
        reuseCount: 0,
        lastUsedAt: null,
      },
    });
  });

  it('refuses drafts with actions, without citations, or with an empty reply, saying why', () => {
    expect(verifiedAnswerFrom({ ...draft, proposedActions: [{}] }, approved('x'))).toMatchObject({ ok: false, refusal: { reason: 'not_reusable', message: expect.stringContaining('proposes actions') } });
    expect(verifiedAnswerFrom({ ...draft, citations: [] }, approved('x'))).toMatchObject({ ok: false, refusal: { reason: 'not_reusable', message: expect.stringContaining('cites no knowledge') } });
    expect(verifiedAnswerFrom(draft, approved('  '))).toMatchObject({ ok: false, refusal: { reason: 'not_reusable' } });
  });

  it('refuses a reply in which the scrubber finds personal data, naming what it found', () => {
    const personal = 'Hi Dana, refund for invoice INV-2291 issued to card 4111 1111 1111 1111; receipt sent to dana.k@example.com.';
    const result = verifiedAnswerFrom(draft, approved(personal));
    expect(result).toMatchObject({ ok: false, refusal: { reason: 'personal_data', found: ['email', 'card'] } });
    expect(!result.ok && result.refusal.message).toBe(
      'Sent, but not kept for reuse: the reply contains an email address, a card number. Personal data must never reach another asker; approve a reply without it to reuse it.',
    );
    expect(personalDataIn('Call +44 20 7946 0958 or use IBAN GB82 WEST 1234 5698 7654 32.')).toEqual(['phone', 'account']);
    expect(personalDataIn('Refunds take 5 to 10 days after we receive the item.')).toEqual([]);
  });
});
