import { describe, expect, it } from 'vitest';
import { assessStepDown } from './step-down';
import type { ReviewFact } from './types';

const thresholds = { minSampleSize: 20, maxSampledRejectionRate: 0.1, maxNotHelpfulRate: 0.3 };
const samples = (counts: Partial<Record<ReviewFact['status'], number>>) =>
  (Object.entries(counts) as [ReviewFact['status'], number][]).flatMap(([status, count]) => Array.from({ length: count }, () => ({ status })));
const votes = (helpful: number, notHelpful: number) => [...Array.from({ length: helpful }, () => ({ helpful: true })), ...Array.from({ length: notHelpful }, () => ({ helpful: false }))];

describe('assessStepDown', () => {
  it('steps down when sampled rejections pass the limit', () => {
    // 3 of 20 graded (pending and expired samples were not graded): 15% > 10%.
    const verdict = assessStepDown({ samples: samples({ approved: 15, edited: 2, rejected: 3, pending: 4, expired: 2 }), feedback: votes(10, 2), thresholds });
    expect(verdict.stepDown).toBe(true);
    expect(verdict.sampledRejection).toEqual({ count: 3, of: 20, rate: 0.15 });
    expect(verdict.reason).toBe('Step down to supervised: 3 of 20 sampled replies rejected by staff (15%), above the 10% limit.');
  });

  it('steps down on not-helpful votes, and names both breaches', () => {
    const verdict = assessStepDown({ samples: samples({ approved: 16, rejected: 4 }), feedback: votes(12, 8), thresholds });
    expect(verdict.notHelpful).toEqual({ count: 8, of: 20, rate: 0.4 });
    expect(verdict.reason).toBe(
      'Step down to supervised: 4 of 20 sampled replies rejected by staff (20%), above the 10% limit; 8 of 20 feedback votes not helpful (40%), above the 30% limit.',
    );
  });

  it('stays when within limits (the limit itself included) or when there are too few to judge', () => {
    const within = assessStepDown({ samples: samples({ approved: 18, rejected: 2 }), feedback: votes(14, 6), thresholds });
    expect(within.stepDown).toBe(false);
    expect(within.reason).toBe(
      'Stay autonomous: 2 of 20 sampled replies rejected by staff (10%), within the 10% limit; 6 of 20 feedback votes not helpful (30%), within the 30% limit.',
    );
    const few = assessStepDown({ samples: samples({ rejected: 5 }), feedback: [], thresholds });
    expect(few.stepDown).toBe(false);
    expect(few.reason).toBe(
      'Stay autonomous: 5 of 5 sampled replies rejected by staff (100%): too few graded samples to judge (need 20); 0 of 0 feedback votes not helpful: too few votes to judge (need 20).',
    );
    expect(few.notHelpful.rate).toBeNull();
  });
});
