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
  /**
   * How many decisions this one stands for (default 1). A sent reply graded after the fact
   * was one of 1 / sample rate sent like it, so it weighs that much (see toSample).
   */
  weight?: number;
}

export interface FitOptions {
  /** Coefficients (and intercept) are pulled toward this model's instead of toward 0. */
  prior?: CalibrationModel;
  /** L2 strength, per sample-equivalent: the penalty is l2 * |w - prior|^2 / 2. Default 1. */
  l2?: number;
  /** Most Newton (IRLS) steps; the fit stops earlier once a step no longer lowers the objective. Default 50. */
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
 * Fits intercept and coefficients by penalised maximum likelihood (Newton / IRLS steps).
 * The L2 penalty pulls every weight toward the prior's (toward 0 without a prior), so a
 * handful of decisions moves the model a little and many decisions move it a lot. The
 * intercept is penalised lightly (1/100 of l2) so the base rate can follow the data.
 *
 * Step control: a full Newton step can overshoot (separable decisions, a feature with a
 * huge value, a near-singular Hessian), so each step is halved until the penalised
 * objective falls (Armijo); a step that cannot lower it ends the fit. The objective
 * therefore never rises from the prior's, and the weights stay finite.
 */
export function fitLogistic(samples: LabelledSample[], options: FitOptions): CalibrationModel {
  const names = featureNames(samples, options.prior);
  const l2 = options.l2 ?? 1;
  const iterations = options.iterations ?? 50;
  const centre = [options.prior?.intercept ?? 0, ...names.map((name) => options.prior?.coefficients[name] ?? 0)];
  const problem: Problem = {
    rows: samples.map((sample) => [1, ...names.map((name) => finite(sample.features[name]))]),
    labels: samples.map((sample) => (sample.approved ? 1 : 0)),
    weights: samples.map((sample) => sampleWeight(sample.weight)),
    centre,
    penalty: [l2 / 100, ...names.map(() => l2)],
  };
  let weights = [...centre];
  let value = objective(problem, weights);
  for (let step = 0; step < iterations; step++) {
    const { gradient, hessian } = derivatives(problem, weights);
    let direction = solve(hessian, gradient);
    // Newton's direction must point downhill; when the solve degenerates, fall back to the gradient.
    if (!(dot(gradient, direction) > 0) || !direction.every(Number.isFinite)) direction = gradient;
    const slope = dot(gradient, direction);
    if (!(slope > 1e-14)) break;
    const next = lineSearch(problem, weights, direction, value, slope);
    if (next === null) break;
    const converged = value - next.value < 1e-12 * (1 + Math.abs(value));
    weights = next.weights;
    value = next.value;
    if (converged) break;
  }
  return {
    version: options.version,
    intercept: round(weights[0]!),
    coefficients: Object.fromEntries(names.map((name, j) => [name, round(weights[j + 1]!)])),
    fittedOn: { decisions: samples.length, source: options.source, fittedAt: options.now.toISOString() },
  };
}

interface Problem {
  rows: number[][];
  labels: number[];
  weights: number[];
  centre: number[];
  penalty: number[];
}

const MAX_HALVINGS = 40;

/** The largest of 1, 1/2, 1/4 … that lowers the objective enough (Armijo, c = 1e-4); null when none does. */
function lineSearch(problem: Problem, weights: number[], direction: number[], value: number, slope: number): { weights: number[]; value: number } | null {
  let size = 1;
  for (let halving = 0; halving < MAX_HALVINGS; halving++, size /= 2) {
    const candidate = weights.map((w, j) => w - size * direction[j]!);
    const candidateValue = objective(problem, candidate);
    if (Number.isFinite(candidateValue) && candidateValue <= value - 1e-4 * size * slope) return { weights: candidate, value: candidateValue };
  }
  return null;
}

/** Penalised, weighted negative log-likelihood; log(1 + e^z) computed without overflow. */
function objective(problem: Problem, weights: number[]): number {
  let total = 0;
  problem.rows.forEach((x, index) => {
    const z = dot(x, weights);
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    total += problem.weights[index]! * (softplus - problem.labels[index]! * z);
  });
  for (let j = 0; j < weights.length; j++) total += (problem.penalty[j]! * (weights[j]! - problem.centre[j]!) ** 2) / 2;
  return total;
}

function derivatives(problem: Problem, weights: number[]): { gradient: number[]; hessian: number[][] } {
  const dimension = weights.length;
  const gradient = weights.map((w, j) => problem.penalty[j]! * (w - problem.centre[j]!));
  const hessian = Array.from({ length: dimension }, (_, i) => Array.from({ length: dimension }, (_, j) => (i === j ? problem.penalty[i]! : 0)));
  problem.rows.forEach((x, index) => {
    const weight = problem.weights[index]!;
    const p = sigmoid(dot(x, weights));
    const residual = weight * (p - problem.labels[index]!);
    const curvature = weight * Math.max(p * (1 - p), 1e-9);
    for (let i = 0; i < dimension; i++) {
      if (x[i] === 0) continue;
      gradient[i]! += residual * x[i]!;
      for (let j = 0; j < dimension; j++) hessian[i]![j]! += curvature * x[i]! * x[j]!;
    }
  });
  return { gradient, hessian };
}

const dot = (a: number[], b: number[]): number => a.reduce((sum, value, j) => sum + value * b[j]!, 0);
/** A sample's weight: a positive finite number, else 1 (a broken weight must not silence or swamp the fit). */
const sampleWeight = (weight: number | undefined): number => (typeof weight === 'number' && Number.isFinite(weight) && weight > 0 ? weight : 1);
const finite = (value: number | undefined): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
// Six decimals: stable committed files and byte-identical refits across platforms.
const round = (value: number): number => Math.round(value * 1e6) / 1e6;
