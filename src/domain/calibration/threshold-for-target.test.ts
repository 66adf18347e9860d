import { describe, expect, it } from 'vitest';
import type { ScoredDecision } from './reliability';
import { NO_SAFE_THRESHOLD, thresholdForTarget } from './threshold-for-target';
import { wilsonInterval } from './wilson';

/** `count` decisions at `predicted`, the first `approved` of them approved. */
function at(predicted: number, count: number, approved: number): ScoredDecision[] {
  return Array.from({ length: count }, (_, index) => ({ predicted, approved: index < approved }));
}

describe('thresholdForTarget', () => {
  it('picks the lowest threshold whose decisions at or above it have a Wilson lower bound meeting the target', () => {
    // 40 all approved at 0.9, 20 of 30 approved at 0.6, none of 30 at 0.2.
    const decisions = [...at(0.9, 40, 40), ...at(0.6, 30, 20), ...at(0.2, 30, 0)];
    const strict = thresholdForTarget(decisions, 0.9);
    expect(strict).toMatchObject({ threshold: 0.9, met: true });
    expect(strict.approvalAbove).toEqual(wilsonInterval(40, 40));
    // At 0.6: 60 of 70 approved, lower bound ≈ 0.75, which meets 0.7 but not 0.8.
    expect(wilsonInterval(60, 70).low).toBeGreaterThan(0.7);
    expect(thresholdForTarget(decisions, 0.7)).toMatchObject({ threshold: 0.6, met: true });
    expect(thresholdForTarget(decisions, 0.8).threshold).toBe(0.9);
  });

  it('sends nothing when no threshold meets the target', () => {
    const result = thresholdForTarget([...at(0.9, 20, 20), ...at(0.5, 10, 5)], 0.95);
    expect(result.met).toBe(false);
    expect(result.threshold).toBe(NO_SAFE_THRESHOLD);
    expect(result.threshold).toBeGreaterThan(1);
    expect(thresholdForTarget([], 0.95).met).toBe(false);
  });

  it('does not depend on the order decisions arrive in', () => {
    const decisions = [...at(0.3, 10, 2), ...at(0.8, 30, 29), ...at(0.5, 20, 15)];
    const reversed = [...decisions].reverse();
    expect(thresholdForTarget(reversed, 0.8)).toEqual(thresholdForTarget(decisions, 0.8));
  });

  it('refuses a target outside (0, 1)', () => {
    expect(() => thresholdForTarget([], 1)).toThrow(RangeError);
    expect(() => thresholdForTarget([], 0)).toThrow(RangeError);
  });
});
