import { describe, expect, it } from 'vitest';
import { channelMetrics, windowForDays } from './channel-metrics';
import { DEFAULT_MODEL_PRICES } from './cost';
import type { DraftFact, FeedbackFact, ReviewFact } from './types';

const window = windowForDays(3, new Date('2026-11-26T15:00:00.000Z'));

function draft(id: string, createdAt: string, decision: DraftFact['decision'], extra: Partial<DraftFact> = {}): DraftFact {
  return { id, createdAt, decision, mode: 'model', model: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 200, question: null, ...extra };
}

function review(draftId: string, kind: ReviewFact['kind'], status: ReviewFact['status'], createdAt: string, decidedAfterSeconds: number | null, extra: Partial<ReviewFact> = {}): ReviewFact {
  const decidedAt = decidedAfterSeconds === null ? null : new Date(Date.parse(createdAt) + decidedAfterSeconds * 1000).toISOString();
  return { id: `r-${draftId}`, draftId, kind, status, createdAt, decidedAt, draftAnswer: null, finalText: null, proposedActions: 0, ...extra };
}

// Eleven reviewed drafts over three days, two sent, three handed off, and rows outside the window.
const at = (day: number, hour: number) => `2026-11-${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const reviewedDays = [24, 24, 24, 24, 25, 25, 25, 26, 26, 26, 26];
const drafts: DraftFact[] = [
  ...reviewedDays.map((day, index) => draft(`d${index + 1}`, at(day, index + 1), 'review')),
  draft('s1', at(26, 12), 'send', { model: 'ft:gpt-4.1-mini-2025-04-14:acme::x1', inputTokens: 10_000, outputTokens: 1000 }),
  draft('s2', at(26, 13), 'send', { model: 'ft:gpt-4.1-mini-2025-04-14:acme::x1', inputTokens: 10_000, outputTokens: 1000 }),
  draft('h1', at(25, 10), 'handoff', { mode: 'extractive', model: null, inputTokens: 0, outputTokens: 0, question: 'Refund policy?' }),
  draft('h2', at(25, 11), 'handoff', { mode: 'extractive', model: null, inputTokens: 0, outputTokens: 0, question: 'refund   policy' }),
  draft('h3', at(26, 14), 'handoff', { mode: 'extractive', model: null, inputTokens: 0, outputTokens: 0, question: 'Do you ship to Mars?' }),
  draft('old', at(23, 23), 'handoff', { question: 'Refund policy?' }),
];
const statuses: ReviewFact['status'][] = ['approved', 'approved', 'approved', 'approved', 'approved', 'approved', 'approved', 'edited', 'edited', 'rejected', 'expired'];
const reviews: ReviewFact[] = [
  // Decided after 60, 120, … 600 seconds; d11 expired.
  ...statuses.map((status, index) =>
    review(`d${index + 1}`, 'review', status, drafts[index]!.createdAt, status === 'expired' ? 86_400 : (index + 1) * 60, {
      ...(index === 7 ? { draftAnswer: 'Returns are accepted within 30 days.', finalText: 'Returns are accepted within 60 days.' } : {}),
      ...(index === 8 ? { draftAnswer: 'Open 9 to 5.', finalText: 'Open 9 to 6 on weekdays.' } : {}),
      ...(index === 9 ? { proposedActions: 1 } : {}),
    }),
  ),
  review('h1', 'handoff', 'edited', at(25, 10), 900, { draftAnswer: '', finalText: 'We refund within 30 days.' }),
  review('s1', 'sample', 'rejected', at(26, 12), 3600),
  review('s2', 'sample', 'pending', at(26, 13), null),
  review('old', 'review', 'rejected', at(23, 23), 60, { proposedActions: 2 }),
];
const feedback: FeedbackFact[] = [
  { draftId: 's1', helpful: false },
  { draftId: 's2', helpful: true },
  { draftId: 'd1', helpful: true },
  { draftId: 'd1', helpful: true },
  { draftId: 'old', helpful: false },
];

describe('windowForDays', () => {
  it('covers today and the days before it, in whole UTC days', () => {
    expect(window).toEqual({ days: 3, from: '2026-11-24T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' });
    expect(windowForDays(1, new Date('2026-11-26T00:00:00.000Z'))).toEqual({ days: 1, from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' });
    expect(() => windowForDays(91, new Date())).toThrow(RangeError);
    expect(() => windowForDays(0, new Date())).toThrow(RangeError);
  });
});

describe('channelMetrics', () => {
  const metrics = channelMetrics({ drafts, reviews, feedback, truncated: false }, window, DEFAULT_MODEL_PRICES);

  it('counts questions per UTC day by outcome, zero-filled', () => {
    expect(metrics.complete).toBe(true);
    expect(metrics.questions).toEqual({
      total: 16,
      sent: 2,
      reviewed: 11,
      handedOff: 3,
      previewsLeftOut: 0,
      perDay: [
        { date: '2026-11-24', questions: 4, sent: 0, reviewed: 4, handedOff: 0 },
        { date: '2026-11-25', questions: 5, sent: 0, reviewed: 3, handedOff: 2 },
        { date: '2026-11-26', questions: 7, sent: 2, reviewed: 4, handedOff: 1 },
      ],
    });
    const empty = channelMetrics({ drafts: [], reviews: [], feedback: [], truncated: true }, window, DEFAULT_MODEL_PRICES);
    expect(empty.complete).toBe(false);
    expect(empty.questions.perDay.map((day) => day.questions)).toEqual([0, 0, 0]);
  });

  it('rates graded reviews (review + sample) over closed ones, expired counting as not approved', () => {
    const { graded } = metrics.reviews;
    expect(graded).toMatchObject({ total: 13, pending: 1, approved: 7, edited: 2, rejected: 2, expired: 1, reviewed: 11, closed: 12, rejectedActions: 1 });
    expect(graded.rates).toEqual({
      approvedWithoutEdits: { count: 7, of: 12, rate: 7 / 12 },
      edited: { count: 2, of: 12, rate: 2 / 12 },
      rejected: { count: 2, of: 12, rate: 2 / 12 },
      expired: { count: 1, of: 12, rate: 1 / 12 },
    });
    // Edit sizes 1/6 and 3/6: mean 1/3, nearest-rank p50 1/6, p90 1/2.
    expect(graded.editSize).toEqual({ measured: 2, mean: expect.closeTo(1 / 3, 12), p50: 1 / 6, p90: 0.5 });
    expect(metrics.reviews.byKind.review).toMatchObject({ total: 11, closed: 11, approved: 7, rejectedActions: 1 });
    expect(metrics.reviews.byKind.sample).toMatchObject({ total: 2, pending: 1, rejected: 1, closed: 1, rates: { rejected: { count: 1, of: 1, rate: 1 } } });
    expect(metrics.reviews.byKind.handoff).toMatchObject({ total: 1, edited: 1, editSize: { measured: 1, mean: 1 } });
  });

  it('gives p50 and p90 decision times over the reviews askers waited for', () => {
    // 60 … 600 s (ten reviews) and 900 s (the handoff); the expired review and the sample are left out.
    expect(metrics.timeToDecision).toEqual({ decisions: 11, p50Seconds: 360, p90Seconds: 600 });
  });

  it('counts feedback on the window’s drafts only', () => {
    expect(metrics.feedback).toEqual({ votes: 4, helpful: 3, notHelpful: 1, notHelpfulRate: { count: 1, of: 4, rate: 0.25 } });
  });

  it('lists knowledge gaps and token costs', () => {
    expect(metrics.knowledgeGaps).toEqual([
      { question: 'refund policy', key: 'refund policy', count: 2, lastAskedAt: at(25, 11) },
      { question: 'Do you ship to Mars?', key: 'do you ship to mars', count: 1, lastAskedAt: at(26, 14) },
    ]);
    // gpt-4o-mini: 11 × (1000 in, 200 out) = 11,000 × 0.15 + 2,200 × 0.60 per million = 0.00297.
    // ft:gpt-4.1-mini: 20,000 × 0.80 + 2,000 × 3.20 per million = 0.0224. Extractive: 0.
    expect(metrics.cost.byModel).toEqual([
      { model: 'gpt-4o-mini', drafts: 11, inputTokens: 11_000, outputTokens: 2200, usd: expect.closeTo(0.00297, 12) },
      { model: 'ft:gpt-4.1-mini-2025-04-14:acme::x1', drafts: 2, inputTokens: 20_000, outputTokens: 2000, usd: expect.closeTo(0.0224, 12) },
      { model: null, drafts: 3, inputTokens: 0, outputTokens: 0, usd: 0 },
    ]);
    expect(metrics.cost.usd).toBeCloseTo(0.02537, 12);
  });
});
