import { describe, expect, it } from 'vitest';
import { type ChannelDecision, MIN_DECISIONS, MIN_EACH_OUTCOME, meetsMinimum, toSample } from './training-samples';

function decisions(approved: number, edited: number, rejected: number): ChannelDecision[] {
  const make = (status: ChannelDecision['status'], count: number) =>
    Array.from({ length: count }, (_, index): ChannelDecision => ({ reviewId: `${status}-${index}`, decidedAt: '2026-12-01T00:00:00Z', kind: 'review', status, features: { coverage: 0.5 } }));
  return [...make('approved', approved), ...make('edited', edited), ...make('rejected', rejected)];
}

describe('toSample', () => {
  it('labels only an unedited approval as approved', () => {
    const [approved, edited, rejected] = [...decisions(1, 0, 0), ...decisions(0, 1, 0), ...decisions(0, 0, 1)];
    expect(toSample(approved!)).toEqual({ features: { coverage: 0.5 }, approved: true });
    expect(toSample(edited!).approved).toBe(false);
    expect(toSample(rejected!).approved).toBe(false);
    expect(toSample({ ...approved!, kind: 'sample' }).approved).toBe(true);
  });

  it('weighs a graded sample by 1 / sample rate and a held review by 1', () => {
    const [decision] = decisions(1, 0, 0);
    expect(toSample({ ...decision!, kind: 'sample' }, 0.1).weight).toBeCloseTo(10, 10);
    expect(toSample({ ...decision!, kind: 'sample' }, 0.25).weight).toBeCloseTo(4, 10);
    expect(toSample(decision!, 0.1).weight).toBeUndefined();
    // Every reply graded (rate 1), or no rate configured: nothing to undo.
    expect(toSample({ ...decision!, kind: 'sample' }, 1).weight).toBeUndefined();
    expect(toSample({ ...decision!, kind: 'sample' }, 0).weight).toBeUndefined();
  });
});

describe('meetsMinimum', () => {
  it(`needs ${MIN_DECISIONS} decisions with at least ${MIN_EACH_OUTCOME} of each outcome`, () => {
    expect(MIN_DECISIONS).toBe(30);
    expect(meetsMinimum(decisions(20, 5, 4))).toMatchObject({ enough: false, decisions: 29 });
    expect(meetsMinimum(decisions(20, 5, 5))).toMatchObject({ enough: true, decisions: 30, approved: 20, notApproved: 10, reason: null });
    const oneSided = meetsMinimum(decisions(40, 0, 0));
    expect(oneSided.enough).toBe(false);
    expect(oneSided.reason).toContain('edited or rejected');
    expect(meetsMinimum(decisions(4, 20, 20)).enough).toBe(false);
    expect(meetsMinimum(decisions(5, 0, 25)).enough).toBe(true);
  });
});
