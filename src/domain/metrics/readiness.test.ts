import { describe, expect, it } from 'vitest';
import { assessReadiness } from './readiness';
import { DEFAULT_READINESS_CONFIG, parseReadinessConfig } from './readiness-config';
import type { ReviewFact } from './types';

const review = (index: number, status: ReviewFact['status'], proposedActions = 0): ReviewFact => ({
  id: `r${index}`,
  draftId: `d${index}`,
  kind: 'review',
  status,
  createdAt: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
  decidedAt: null,
  draftAnswer: null,
  finalText: null,
  proposedActions,
});

const reviews = (counts: Partial<Record<ReviewFact['status'], number>>, rejectedActions = 0): ReviewFact[] => {
  const list: ReviewFact[] = [];
  for (const [status, count] of Object.entries(counts) as [ReviewFact['status'], number][]) {
    for (let index = 0; index < count; index++) list.push(review(list.length, status, status === 'rejected' && index < rejectedActions ? 1 : 0));
  }
  return list;
};

const votes = (helpful: number, notHelpful: number) => [
  ...Array.from({ length: helpful }, (_, index) => ({ draftId: `h${index}`, helpful: true })),
  ...Array.from({ length: notHelpful }, (_, index) => ({ draftId: `n${index}`, helpful: false })),
];

describe('assessReadiness', () => {
  it('lists every autonomous bar with what it needs and what the channel has', () => {
    const report = assessReadiness({
      channel: 'web',
      stage: 'supervised',
      facts: { reviews: reviews({ approved: 7, edited: 2, rejected: 1 }, 1), questions: 14, feedback: votes(3, 1) },
      config: DEFAULT_READINESS_CONFIG,
    });
    expect(report.target).toBe('autonomous');
    expect(report.ready).toBe(false);
    expect(report.bars).toEqual([
      { id: 'min-reviewed', label: 'At least 100 drafts reviewed by staff', required: 100, actual: 10, met: false },
      { id: 'min-approved-without-edits', label: 'At least 95% approved without edits', required: 0.95, actual: 0.7, met: false },
      { id: 'max-rejected-actions', label: 'No rejected action', required: 0, actual: 1, met: false },
      { id: 'max-not-helpful-rate', label: 'At most 20% of feedback votes not helpful', required: 0.2, actual: 0.25, met: false },
    ]);
    expect(report.unmet).toEqual([
      'At least 100 drafts reviewed by staff (have 10)',
      'At least 95% approved without edits (have 70%)',
      'No rejected action (have 1)',
      'At most 20% of feedback votes not helpful (have 25%)',
    ]);
    expect(report.summary).toBe(`Not ready for autonomous: 4 of 4 bars not met over the last 10 closed reviews and 14 questions: ${report.unmet.join('; ')}.`);
    expect(report.sample).toEqual({ size: 200, reviews: 10, questions: 14, previewQuestions: 0, oldestReviewAt: '2026-11-01T00:00:00.000Z', newestReviewAt: '2026-11-01T00:09:00.000Z' });
    expect(report.figures.decisions).toMatchObject({ reviewed: 10, closed: 10, approved: 7, edited: 2, rejected: 1, rejectedActions: 1 });
  });

  it('is ready when every bar is met, 95% exactly included', () => {
    const report = assessReadiness({
      channel: 'web',
      stage: 'supervised',
      facts: { reviews: reviews({ approved: 114, edited: 6 }), questions: 200, feedback: votes(8, 2) },
      config: DEFAULT_READINESS_CONFIG,
    });
    expect(report.bars.map((bar) => [bar.id, bar.actual, bar.met])).toEqual([
      ['min-reviewed', 120, true],
      ['min-approved-without-edits', 0.95, true],
      ['max-rejected-actions', 0, true],
      ['max-not-helpful-rate', 0.2, true],
    ]);
    expect(report.ready).toBe(true);
    expect(report.summary).toBe('Ready for autonomous: all 4 bars met over the last 120 closed reviews and 200 questions.');
  });

  it('counts expired reviews as not approved (but not as reviewed), and looks at sampleSize reviews only', () => {
    const config = parseReadinessConfig('{"sampleSize": 100, "autonomous": {"minReviewed": 90}}');
    const report = assessReadiness({
      channel: 'web',
      stage: 'supervised',
      facts: { reviews: [...reviews({ approved: 95, expired: 5 }), ...reviews({ rejected: 20 }, 20)], questions: 100, feedback: [] },
      config,
    });
    expect(report.sample.reviews).toBe(100);
    expect(report.bars.map((bar) => [bar.id, bar.actual, bar.met])).toEqual([
      ['min-reviewed', 95, true],
      ['min-approved-without-edits', 0.95, true],
      ['max-rejected-actions', 0, true],
      ['max-not-helpful-rate', null, true],
    ]);
    expect(report.bars[3]?.note).toBe('No feedback votes yet: nothing held against this bar.');
  });

  it('judges supervised from internal by questions tried; a minimum with nothing to measure is unmet', () => {
    const report = assessReadiness({ channel: 'web', stage: 'internal', facts: { reviews: [], questions: 12, feedback: [] }, config: DEFAULT_READINESS_CONFIG });
    expect(report.target).toBe('supervised');
    expect(report.unmet).toEqual(['At least 20 questions answered (have 12)']);
    const explicit = assessReadiness({ channel: 'web', stage: 'internal', target: 'autonomous', facts: { reviews: [], questions: 12, feedback: [] }, config: DEFAULT_READINESS_CONFIG });
    expect(explicit.bars[1]).toEqual({ id: 'min-approved-without-edits', label: 'At least 95% approved without edits', required: 0.95, actual: null, met: false, note: 'Nothing reviewed yet.' });
    expect(explicit.unmet[1]).toBe('At least 95% approved without edits (have none)');
  });

  it('has no target above autonomous, and no bars for internal', () => {
    const facts = { reviews: [], questions: 0, feedback: [] };
    const top = assessReadiness({ channel: 'slack', stage: 'autonomous', facts, config: DEFAULT_READINESS_CONFIG });
    expect(top).toMatchObject({ target: null, ready: false, bars: [], unmet: [], summary: 'slack is already autonomous: there is no stage above it.' });
    const down = assessReadiness({ channel: 'slack', stage: 'autonomous', target: 'internal', facts, config: DEFAULT_READINESS_CONFIG });
    expect(down).toMatchObject({ target: 'internal', ready: true, bars: [], summary: 'Ready for internal: no bars are configured for it.' });
  });
});
