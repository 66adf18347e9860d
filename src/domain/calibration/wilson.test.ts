import { describe, expect, it } from 'vitest';
import { decisionsToReach, wilsonInterval } from './wilson';

describe('wilsonInterval', () => {
  it('matches the textbook 95% Wilson intervals', () => {
    const cases: [number, number, number, number][] = [
      [5, 10, 0.2366, 0.7634],
      [1, 10, 0.0179, 0.4042],
      [0, 10, 0, 0.2775],
      [10, 10, 0.7225, 1],
      [81, 263, 0.2553, 0.3662],
    ];
    for (const [count, of, low, high] of cases) {
      const interval = wilsonInterval(count, of);
      expect(interval.low, `${count}/${of} low`).toBeCloseTo(low, 4);
      expect(interval.high, `${count}/${of} high`).toBeCloseTo(high, 4);
      expect(interval.rate).toBe(count / of);
    }
  });

  it('is the whole of [0, 1] with nothing observed, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toEqual({ count: 0, of: 0, rate: null, low: 0, high: 1 });
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
  });

  it('narrows as decisions accumulate at the same rate', () => {
    const few = wilsonInterval(9, 10);
    const many = wilsonInterval(900, 1000);
    expect(many.high - many.low).toBeLessThan((few.high - few.low) / 5);
  });
});

describe('decisionsToReach', () => {
  it('is the fewest all-approved decisions whose lower bound reaches the target', () => {
    expect(decisionsToReach(0.95)).toBe(73);
    expect(wilsonInterval(72, 72).low).toBeLessThan(0.95);
    expect(wilsonInterval(73, 73).low).toBeGreaterThanOrEqual(0.95);
    expect(decisionsToReach(0.8)).toBe(16);
    expect(() => decisionsToReach(1)).toThrow(RangeError);
  });
});
