import { describe, expect, it } from 'vitest';
import { rougeL } from './reply-similarity';

describe('rougeL', () => {
  it('is 1 for the same words in the same order, whatever the case and punctuation', () => {
    expect(rougeL('Park on level -1.', 'park on LEVEL 1')).toBe(1);
  });

  it('is 0 with no word in common, or an empty side', () => {
    expect(rougeL('refunds take a week', 'parking garage')).toBe(0);
    expect(rougeL('', 'parking')).toBe(0);
  });

  it('matches a hand-computed value', () => {
    // candidate: the cat sat on the mat (6); reference: the cat is on the mat today (7); LCS: the cat on the mat (5).
    // precision 5/6, recall 5/7, F1 = 2·(5/6)(5/7) / (5/6 + 5/7) = 10/13.
    expect(rougeL('the cat sat on the mat', 'the cat is on the mat today')).toBeCloseTo(10 / 13, 10);
  });

  it('credits order: a shuffled reply scores lower than the same words in order', () => {
    const reference = 'badges are issued by reception within three days';
    expect(rougeL('badges are issued by reception within three days', reference)).toBeGreaterThan(rougeL('three days within reception by issued are badges', reference));
  });
});
