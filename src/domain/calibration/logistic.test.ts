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

  it('never diverges on separable decisions: with almost no penalty the weights stay finite and the fit separates', () => {
    // Approved exactly when x > 0.5: unpenalised maximum likelihood has no finite optimum.
    const separable = Array.from({ length: 30 }, (_, i) => ({ features: { x: i / 29 }, approved: i / 29 > 0.5 }));
    const fitted = fitLogistic(separable, { version: 'v', source: 's', now, l2: 1e-6, iterations: 200 });
    expect(Number.isFinite(fitted.intercept)).toBe(true);
    expect(Number.isFinite(fitted.coefficients.x)).toBe(true);
    expect(fitted.coefficients.x).toBeGreaterThan(10);
    for (const sample of separable) expect(predictApproval(fitted, sample.features) > 0.5).toBe(sample.approved);
  });

  it('lowers the penalised loss from its starting point even with extreme feature values (a full Newton step would overshoot)', () => {
    const prior = model(0, { huge: 0, x: 0 });
    const extreme: LabelledSample[] = Array.from({ length: 20 }, (_, i) => ({
      features: { huge: i % 2 === 0 ? 1e6 : -1e6, x: (i % 5) / 5 },
      approved: i % 3 !== 0,
    }));
    const fitted = fitLogistic(extreme, { version: 'v', source: 's', now, prior, l2: 1 });
    expect(Object.values(fitted.coefficients).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(fitted.intercept)).toBe(true);
    const loss = (m: CalibrationModel) =>
      extreme.reduce((sum, s) => {
        const p = Math.min(1 - 1e-12, Math.max(1e-12, predictApproval(m, s.features)));
        return sum - Math.log(s.approved ? p : 1 - p);
      }, 0) +
      Object.values(m.coefficients).reduce((sum, w) => sum + w * w / 2, 0) +
      (m.intercept * m.intercept) / 200;
    expect(loss(fitted)).toBeLessThan(loss(prior));
    // The prediction for an ordinary draft is a probability, not NaN.
    expect(predictApproval(fitted, { huge: 0, x: 0.5 })).toBeGreaterThan(0);
  });

  it('follows the decisions from a prior that is badly wrong instead of overshooting (a full Newton step from saturated predictions diverges)', () => {
    // The prior is certain approval rises with x; staff approve mostly low x. Its predictions are
    // saturated, the curvature is nearly 0, and the raw Newton step lands at absurd weights.
    const prior = model(0, { x: 30 });
    const decisions = Array.from({ length: 20 }, (_, i) => ({ features: { x: (i / 19) * 2 - 1 }, approved: i % 5 === 0 ? i > 10 : i < 10 }));
    for (const l2 of [1e-3, 0.1]) {
      const fitted = fitLogistic(decisions, { version: 'v', source: 's', now, prior, l2 });
      expect(fitted.coefficients.x).toBeLessThan(0);
      expect(Math.abs(fitted.coefficients.x!)).toBeLessThan(10);
      expect(Math.abs(fitted.intercept)).toBeLessThan(10);
      expect(predictApproval(fitted, { x: -0.8 })).toBeGreaterThan(predictApproval(fitted, { x: 0.8 }));
    }
  });

  it('counts a weighted decision as that many copies of it', () => {
    const base = samples();
    const weighted = base.map((s, i) => ({ ...s, weight: i % 4 === 0 ? 3 : 1 }));
    const copied = base.flatMap((s, i) => (i % 4 === 0 ? [s, s, s] : [s]));
    const a = fitLogistic(weighted, { version: 'v', source: 's', now });
    const b = fitLogistic(copied, { version: 'v', source: 's', now });
    expect(a.intercept).toBeCloseTo(b.intercept, 4);
    expect(a.coefficients.x!).toBeCloseTo(b.coefficients.x!, 4);
    expect(a.coefficients.noise!).toBeCloseTo(b.coefficients.noise!, 4);
    // A broken weight counts as 1 rather than silencing or swamping the fit.
    const broken = base.map((s) => ({ ...s, weight: Number.NaN }));
    expect(fitLogistic(broken, { version: 'v', source: 's', now })).toEqual(fitLogistic(base, { version: 'v', source: 's', now }));
  });
});
