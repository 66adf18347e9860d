import { describe, expect, it } from 'vitest';
import { reliabilityBins } from './reliability';

describe('reliabilityBins', () => {
  it('groups predictions into equal bins with mean prediction and observed approval beside each', () => {
    const bins = reliabilityBins(
      [
        { predicted: 0.05, approved: false },
        { predicted: 0.15, approved: false },
        { predicted: 0.85, approved: true },
        { predicted: 0.95, approved: true },
        { predicted: 0.75, approved: false },
        { predicted: 1, approved: true },
      ],
      5,
    );
    expect(bins.map((bin) => [bin.from, bin.to, bin.decisions])).toEqual([
      [0, 0.2, 2],
      [0.2, 0.4, 0],
      [0.4, 0.6, 0],
      [0.6, 0.8, 1],
      [0.8, 1, 3],
    ]);
    expect(bins[0]!.meanPredicted).toBeCloseTo(0.1, 10);
    expect(bins[0]!.observed).toMatchObject({ count: 0, of: 2, rate: 0 });
    expect(bins[1]!.meanPredicted).toBeNull();
    expect(bins[1]!.observed.rate).toBeNull();
    // A prediction of exactly 1 falls in the last bin, not past it.
    expect(bins[4]!.meanPredicted).toBeCloseTo((0.85 + 0.95 + 1) / 3, 10);
    expect(bins[4]!.observed).toMatchObject({ count: 3, of: 3, rate: 1 });
    expect(bins[4]!.observed.low).toBeCloseTo(0.4385, 4);
  });

  it('refuses a bin count that is not a positive whole number', () => {
    expect(() => reliabilityBins([], 0)).toThrow(RangeError);
  });
});
