import { describe, expect, it } from 'vitest';
import { predictApproval } from '../calibration/logistic';
import { CONFIDENCE_PRIOR, type ConfidencePrior, DEFAULT_TARGET, priorThresholdFor } from './confidence-prior';
import { DEFAULT_ENGINE_CONFIG } from './engine-config';

const PRIOR: ConfidencePrior = {
  ...CONFIDENCE_PRIOR,
  thresholds: [
    { target: 0.8, threshold: 0.5 },
    { target: 0.9, threshold: 0.6 },
    { target: 0.95, threshold: 0.72 },
  ],
};

describe('priorThresholdFor', () => {
  it('gives the calibrated threshold of a target, and the stricter one for a target between two', () => {
    expect(priorThresholdFor(0.9, PRIOR)).toBe(0.6);
    expect(priorThresholdFor(0.85, PRIOR)).toBe(0.6);
    expect(priorThresholdFor(0.5, PRIOR)).toBe(0.5);
  });

  it('sends nothing unreviewed for a target stricter than any calibrated one', () => {
    expect(priorThresholdFor(0.999, PRIOR)).toBe(1);
  });

  it("is what the engine uses by default, for the default 95% target", () => {
    expect(DEFAULT_TARGET).toBe(0.95);
    expect(DEFAULT_ENGINE_CONFIG.sendThreshold).toEqual({ employee: priorThresholdFor(0.95), customer: priorThresholdFor(0.95) });
    expect(DEFAULT_ENGINE_CONFIG.calibration).toBe(CONFIDENCE_PRIOR.model);
  });
});

describe('the shipped prior', () => {
  it('is fitted on the development sets only and is a usable model', () => {
    expect(CONFIDENCE_PRIOR.model.fittedOn.source).toBe('bench/questions (handbook, plausible)');
    expect(CONFIDENCE_PRIOR.model.fittedOn.decisions).toBeGreaterThan(50);
    const thresholds = CONFIDENCE_PRIOR.thresholds.map((row) => row.threshold);
    // Stricter targets never get laxer thresholds.
    expect([...thresholds].sort((a, b) => a - b)).toEqual(thresholds);
    expect(predictApproval(CONFIDENCE_PRIOR.model, { no_passage: 1 })).toBeLessThan(priorThresholdFor(0.8));
  });

  it('keeps the hand-set model-mode weights negative: a flaw only ever lowers confidence', () => {
    for (const name of CONFIDENCE_PRIOR.handSet) expect(CONFIDENCE_PRIOR.model.coefficients[name]).toBeLessThan(0);
  });
});
