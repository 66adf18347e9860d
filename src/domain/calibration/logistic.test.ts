import { describe, expect, it } from 'vitest';
import { type CalibrationModel, featureContributions, fitLogistic, type LabelledSample, predictApproval } from './logistic';

const now = new Date('2026-12-01T00:00:00Z');
const model = (intercept: number, coefficients: Record<string, number>): CalibrationModel => ({
  version: 'test',
  intercept,
  coefficients,
  fittedOn: { decisions: 0, source: 'test', fittedAt: now.toISOString() },
});

describe('predictApproval', () => {
  it('is the logistic of the intercept plus weighted features, a missing feature counting as 0', () => {
    const m = model(-1, { coverage: 2, gap: 1 });
    expect(predictApproval(m, { coverage: 1 })).toBeCloseTo(1 / (1 + Math.exp(-1)), 10);
    expect(predictApproval(m, {})).toBeCloseTo(1 / (1 + Math.exp(1)), 10);
    expect(predictApproval(m, { coverage: 1, gap: 1, unknown: 50 })).toBeCloseTo(1 / (1 + Math.exp(-2)), 10);
  });

  it('stays finite at extreme log-odds', () => {
    const m = model(0, { x: 1 });
    expect(predictApproval(m, { x: 1000 })).toBe(1);
    expect(predictApproval(m, { x: -1000 })).toBe(0);
  });
});

describe('featureContributions', () => {
  it('orders features by the size of their push on the log-odds, either way', () => {
    const m = model(0.5, { coverage: 2, gap: -3, title: 0.1 });
    expect(featureContributions(m, { coverage: 1, gap: 0.5, title: 1 })).toEqual([
      { feature: 'coverage', contribution: 2 },
      { feature: 'gap', contribution: -1.5 },
      { feature: 'title', contribution: 0.1 },
    ]);
  });
});

// A separable-ish data set where approval follows x and ignores noise.
function samples(): LabelledSample[] {
  const out: LabelledSample[] = [];
  for (let i = 0; i < 40; i++) {
    const x = (i % 10) / 10;
    const noise = ((i * 7) % 11) / 11;
    out.push({ features: { x, noise }, approved: x + (i % 3 === 0 ? 0.15 : -0.15) > 0.5 });
  }
  return out;
}

describe('fitLogistic', () => {
  it('learns a positive weight for the feature that predicts approval and records what it was fitted on', () => {
    const fitted = fitLogistic(samples(), { version: 'v1', source: 'bench', now, l2: 0.1 });
    expect(fitted.coefficients.x).toBeGreaterThan(3);
    expect(Math.abs(fitted.coefficients.noise ?? 0)).toBeLessThan(fitted.coefficients.x! / 3);
    expect(fitted.fittedOn).toEqual({ decisions: 40, source: 'bench', fittedAt: now.toISOString() });
    expect(predictApproval(fitted, { x: 0.9, noise: 0.5 })).toBeGreaterThan(0.8);
    expect(predictApproval(fitted, { x: 0.1, noise: 0.5 })).toBeLessThan(0.2);
  });

  it('is deterministic: the same decisions give the same model', () => {
    const a = fitLogistic(samples(), { version: 'v1', source: 'bench', now });
    const b = fitLogistic(samples(), { version: 'v1', source: 'bench', now });
    expect(a).toEqual(b);
  });

  it('pulls toward the prior: no decisions keeps the prior, few decisions move it a little, a strong penalty barely at all', () => {
    const prior = model(-2, { x: 1, noise: 0.5 });
    const unchanged = fitLogistic([], { version: 'v2', source: 'channel', now, prior });
    expect(unchanged.intercept).toBeCloseTo(-2, 6);
    expect(unchanged.coefficients).toEqual({ noise: 0.5, x: 1 });
    const few = fitLogistic(samples().slice(0, 10), { version: 'v2', source: 'channel', now, prior, l2: 5 });
    const many = fitLogistic(samples(), { version: 'v2', source: 'channel', now, prior, l2: 0.1 });
    expect(Math.abs(few.coefficients.x! - 1)).toBeLessThan(Math.abs(many.coefficients.x! - 1));
    const rigid = fitLogistic(samples(), { version: 'v2', source: 'channel', now, prior, l2: 1e6 });
    expect(rigid.coefficients.x).toBeCloseTo(1, 2);
    expect(rigid.coefficients.noise).toBeCloseTo(0.5, 2);
  });

  it('shrinks toward 0 without a prior, more with a larger penalty', () => {
    const loose = fitLogistic(samples(), { version: 'v', source: 's', now, l2: 0.01 });
    const tight = fitLogistic(samples(), { version: 'v', source: 's', now, l2: 20 });
    expect(Math.abs(tight.coefficients.x!)).toBeLessThan(Math.abs(loose.coefficients.x!));
  });

  it('fits a lone-label data set to the base rate without blowing up', () => {
    const allApproved = samples().map((s) => ({ ...s, approved: true }));
    const fitted = fitLogistic(allApproved, { version: 'v', source: 's', now });
    expect(Number.isFinite(fitted.intercept)).toBe(true);
    expect(predictApproval(fitted, { x: 0.5, noise: 0.5 })).toBeGreaterThan(0.9);
  });
});
