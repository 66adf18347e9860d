import { describe, expect, it } from 'vitest';
import { auroc, firstHitRank, percentile, type RankedPassage, rankFigures } from './metrics';

const passage = (documentId: string, ...headingPath: string[]): RankedPassage => ({ documentId, headingPath, score: 0 });

describe('firstHitRank', () => {
  const gold = [{ file: 'benefits.md', section: 'Medical Insurance' }];

  it('returns the 1-based rank of the first passage from a gold file whose heading path contains the section', () => {
    const passages = [
      passage('other.md', 'Other', 'Medical Insurance'),
      passage('benefits.md', 'Benefits', 'Dental'),
      passage('benefits.md', 'Benefits', 'medical insurance', 'Premiums'),
      passage('benefits.md', 'Benefits', 'Medical Insurance'),
    ];
    expect(firstHitRank(passages, gold)).toBe(3);
  });

  it('ignores case and surrounding spaces in the gold section', () => {
    expect(firstHitRank([passage('benefits.md', 'MEDICAL INSURANCE')], [{ file: 'benefits.md', section: '  medical insurance ' }])).toBe(1);
  });

  it('requires the exact file, not a file with a similar name', () => {
    expect(firstHitRank([passage('old/benefits.md', 'Medical Insurance'), passage('Benefits.md', 'Medical Insurance')], gold)).toBeNull();
  });

  it('accepts any of several gold sections', () => {
    const twoGolds = [...gold, { file: 'leave.md', section: 'Sick Leave' }];
    expect(firstHitRank([passage('x.md', 'y'), passage('leave.md', 'Leave', 'Sick leave')], twoGolds)).toBe(2);
  });

  it('returns null when nothing matches or there are no passages', () => {
    expect(firstHitRank([passage('benefits.md', 'Dental')], gold)).toBeNull();
    expect(firstHitRank([], gold)).toBeNull();
    expect(firstHitRank([passage('benefits.md', 'Medical Insurance')], [])).toBeNull();
  });
});

describe('rankFigures', () => {
  it('computes hit@k and mean reciprocal rank', () => {
    const figures = rankFigures([1, 2, 4, 10, null]);
    expect(figures['hit@1']).toBeCloseTo(1 / 5, 12);
    expect(figures['hit@3']).toBeCloseTo(2 / 5, 12);
    expect(figures['hit@5']).toBeCloseTo(3 / 5, 12);
    expect(figures['hit@10']).toBeCloseTo(4 / 5, 12);
    expect(figures.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 4 + 1 / 10) / 5, 12);
  });

  it('does not count ranks beyond 10 as hits but does count them in MRR', () => {
    const figures = rankFigures([20]);
    expect(figures['hit@10']).toBe(0);
    expect(figures.mrr).toBeCloseTo(1 / 20, 12);
  });

  it('is all zeros for no questions or no hits', () => {
    const zeros = { 'hit@1': 0, 'hit@3': 0, 'hit@5': 0, 'hit@10': 0, mrr: 0 };
    expect(rankFigures([])).toEqual(zeros);
    expect(rankFigures([null, null])).toEqual(zeros);
  });
});

describe('percentile', () => {
  const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];

  it('uses the nearest rank on the sorted values', () => {
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([3, 1, 2], 50)).toBe(2);
  });

  it('does not reorder the caller\'s array', () => {
    const copy = [...values];
    percentile(values, 50);
    expect(values).toEqual(copy);
  });

  it('is 0 for no values', () => {
    expect(percentile([], 95)).toBe(0);
  });
});

describe('auroc', () => {
  it('is 1 when every positive outscores every negative and 0 when none does', () => {
    expect(auroc([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(auroc([0.1], [0.5, 0.6])).toBe(0);
  });

  it('counts ties as half', () => {
    expect(auroc([0.5], [0.5])).toBe(0.5);
    // pairs: (0.8, 0.5) win, (0.8, 0.8) tie, (0.5, 0.5) tie, (0.5, 0.8) loss → 2 / 4
    expect(auroc([0.8, 0.5], [0.5, 0.8])).toBe(0.5);
    // pairs: (0.7, 0.3) win, (0.7, 0.7) tie, (0.3, 0.3) tie, (0.3, 0.7) loss, plus (0.9, both) wins → 4 / 6
    expect(auroc([0.7, 0.3, 0.9], [0.3, 0.7])).toBeCloseTo(4 / 6, 12);
  });

  it('is null when either class is empty', () => {
    expect(auroc([], [0.1])).toBeNull();
    expect(auroc([0.1], [])).toBeNull();
  });
});
