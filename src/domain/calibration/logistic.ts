// A small logistic model: P(staff approve a draft unedited) from named features.
// Platform-free and deterministic, so the shipped prior, `npm run calibrate` and the
// per-channel refits all produce the same numbers from the same decisions.

export type FeatureVector = Record<string, number>;

export interface CalibrationModel {
  version: string;
  intercept: number;
  coefficients: Record<string, number>;
  fittedOn: { decisions: number; source: string; fittedAt: string };
}

export interface LabelledSample {
  features: FeatureVector;
  approved: boolean;
}

export interface FitOptions {
  /** Coefficients (and intercept) are pulled toward this model's instead of toward 0. */
  prior?: CalibrationModel;
  /** L2 strength, per sample-equivalent: the penalty is l2 * |w - prior|^2 / 2. Default 1. */
  l2?: number;
  /** Newton (IRLS) steps; a fixed count keeps the fit deterministic. Default 25. */
  iterations?: number;
  version: string;
  source: string;
  now: Date;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The model's approval probability; a feature the model does not know, or the vector lacks, counts as 0. */
export function predictApproval(model: CalibrationModel, features: FeatureVector): number {
  let z = model.intercept;
  for (const [name, weight] of Object.entries(model.coefficients)) {
    const value = features[name];
    if (typeof value === 'number' && Number.isFinite(value)) z += weight * value;
  }
  return sigmoid(z);
}

/** Each feature's share of the log-odds (weight × value), largest first, for plain-word reasons. */
export function featureContributions(model: CalibrationModel, features: FeatureVector): Array<{ feature: string; contribution: number }> {
  return Object.entries(model.coefficients)
    .map(([feature, weight]) => {
      const value = features[feature];
      return { feature, contribution: typeof value === 'number' && Number.isFinite(value) ? weight * value : 0 };
    })
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature));
}

/** The feature names a fit uses: the prior's, then any new ones the samples carry, sorted for determinism. */
function featureNames(samples: LabelledSample[], prior?: CalibrationModel): string[] {
  const names = new Set(prior ? Object.keys(prior.coefficients) : []);
  for (const sample of samples) for (const name of Object.keys(sample.features)) names.add(name);
  return [...names].sort();
}

/** Solves A x = b for a small symmetric positive-definite A (Gaussian elimination with partial pivoting). */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const head = a[col]!;
    const diagonal = head[col]!;
    if (Math.abs(diagonal) < 1e-12) continue;
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row]![col]! / diagonal;
      if (factor === 0) continue;
      for (let k = col; k <= n; k++) a[row]![k]! -= factor * head[k]!;
    }
  }
  return a.map((row, i) => {
    const diagonal = row[i]!;
    return Math.abs(diagonal) < 1e-12 ? 0 : row[n]! / diagonal;
  });
}

/**
 * Fits intercept and coefficients by penalised maximum likelihood (IRLS / Newton steps).
 * The L2 penalty pulls every weight toward the prior's (toward 0 without a prior), so a
 * handful of decisions moves the model a little and many decisions move it a lot. The
 * intercept is penalised lightly (1/100 of l2) so the base rate can follow the data.
 */
export function fitLogistic(samples: LabelledSample[], options: FitOptions): CalibrationModel {
  const names = featureNames(samples, options.prior);
  const l2 = options.l2 ?? 1;
  const iterations = options.iterations ?? 25;
  const dimension = names.length + 1;
  const centre = [options.prior?.intercept ?? 0, ...names.map((name) => options.prior?.coefficients[name] ?? 0)];
  const penalty = [l2 / 100, ...names.map(() => l2)];
  const rows = samples.map((sample) => [1, ...names.map((name) => finite(sample.features[name]))]);
  const labels = samples.map((sample) => (sample.approved ? 1 : 0));
  let weights = [...centre];
  for (let step = 0; step < iterations; step++) {
    const gradient = weights.map((w, j) => penalty[j]! * (w - centre[j]!));
    const hessian = Array.from({ length: dimension }, (_, i) => Array.from({ length: dimension }, (_, j) => (i === j ? penalty[i]! : 0)));
    rows.forEach((x, index) => {
      const p = sigmoid(x.reduce((sum, value, j) => sum + value * weights[j]!, 0));
      const residual = p - labels[index]!;
      const curvature = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < dimension; i++) {
        if (x[i] === 0) continue;
        gradient[i]! += residual * x[i]!;
        for (let j = 0; j < dimension; j++) hessian[i]![j]! += curvature * x[i]! * x[j]!;
      }
    });
    const delta = solve(hessian, gradient);
    weights = weights.map((w, j) => w - delta[j]!);
  }
  return {
    version: options.version,
    intercept: round(weights[0]!),
    coefficients: Object.fromEntries(names.map((name, j) => [name, round(weights[j + 1]!)])),
    fittedOn: { decisions: samples.length, source: options.source, fittedAt: options.now.toISOString() },
  };
}

const finite = (value: number | undefined): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
// Six decimals: stable committed files and byte-identical refits across platforms.
const round = (value: number): number => Math.round(value * 1e6) / 1e6;
