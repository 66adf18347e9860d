import { describe, expect, it } from 'vitest';
import { mean, percent, percentile, ratio } from './stats';

describe('percentile (nearest rank)', () => {
  it('takes the value at rank ceil(p/100 × n) of the sorted values', () => {
    const values = [100, 10, 90, 20, 80, 30, 70, 40, 60, 50];
    expect(percentile(values, 50)).toBe(50); // rank ceil(5) = 5
    expect(percentile(values, 90)).toBe(90); // rank ceil(9) = 9
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([1, 2, 3], 50)).toBe(2); // rank ceil(1.5) = 2
    expect(percentile([1, 2, 3], 90)).toBe(3); // rank ceil(2.7) = 3
    expect(percentile([7], 1)).toBe(7);
    expect(values[0]).toBe(100); // the input is not sorted in place
  });

  it('is null for no values and refuses a p outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('ratio, mean, percent', () => {
  it('keeps the denominator and gives null, never NaN, for 0 of 0', () => {
    expect(ratio(7, 10)).toEqual({ count: 7, of: 10, rate: 0.7 });
    expect(ratio(0, 0)).toEqual({ count: 0, of: 0, rate: null });
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
    expect(percent(0.95)).toBe('95%');
    expect(percent(29 / 30)).toBe('96.7%');
  });
});
