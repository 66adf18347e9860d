import type { AuditLog } from '../rollout/types';
import { type CalibrationModel, fitLogistic, type LabelledSample, predictApproval } from './logistic';
import { meetsMinimum, toSample } from './training-samples';
import type { CalibrationFit, CalibrationStore } from './types';

/** Decisions a refit reads at most, newest first: a year of a busy channel, and a bounded fit. */
export const MAX_FIT_DECISIONS = 2000;
/**
 * Pull toward the prior: each coefficient's penalty weighs like this many
 * decisions, so 30 decisions move the model visibly and a few hundred
 * decide it, while a handful of odd ones cannot undo what the prior knows.
 */
export const REFIT_L2 = 4;

export interface RefitDependencies {
  store: CalibrationStore;
  audit: AuditLog;
  prior: CalibrationModel;
  /** The share of unreviewed sent replies graded afterwards (SAMPLE_RATE): each graded one weighs 1 / rate. */
  sampleRate: number;
  now(): Date;
  log(event: string, fields: Record<string, unknown>): void;
}

export type RefitOutcome =
  | { channel: string; refitted: true; version: number; decisions: number }
  | { channel: string; refitted: false; reason: 'no-new-decisions' | 'below-minimum' | 'already-stored' | 'fit-failed' };

/**
 * The cron's refit: for each channel with staff decisions newer than its
 * latest fit and at least the minimum, a new model fitted on them and
 * regularised toward the prior, stored as the next version and audited.
 * Safe to run twice: the second run finds no newer decision, and two runs
 * racing store one version (the other is told it is taken).
 */
export async function refitChannels(deps: RefitDependencies): Promise<RefitOutcome[]> {
  const outcomes: RefitOutcome[] = [];
  for (const channel of await deps.store.channels()) {
    const outcome = await refitChannel(deps, channel);
    outcomes.push(outcome);
    deps.log('calibration-refit', { ...outcome });
  }
  return outcomes;
}

async function refitChannel(deps: RefitDependencies, channel: string): Promise<RefitOutcome> {
  const [decisions, latest] = await Promise.all([deps.store.decisions(channel, MAX_FIT_DECISIONS), deps.store.latestFit(channel)]);
  const newest = decisions.reduce<string | null>((max, decision) => (max === null || decision.decidedAt > max ? decision.decidedAt : max), null);
  if (newest === null || (latest && newest <= latest.lastDecidedAt)) return { channel, refitted: false, reason: 'no-new-decisions' };
  const minimum = meetsMinimum(decisions);
  if (!minimum.enough) return { channel, refitted: false, reason: 'below-minimum' };

  const now = deps.now();
  const version = (latest?.version ?? 0) + 1;
  const samples = decisions.map((decision) => toSample(decision, deps.sampleRate));
  const model = fitLogistic(samples, {
    prior: deps.prior,
    l2: REFIT_L2,
    version: `${channel}-v${version}`,
    source: `channel ${channel}: ${samples.length} staff decisions, toward prior ${deps.prior.version}`,
    now,
  });
  // A penalised fit can only explain its decisions at least as well as the prior it starts from; if it
  // explains them worse, the optimiser went astray, and a wild model must never reach the gate.
  if (!(logLoss(model, samples) <= logLoss(deps.prior, samples) + 1e-9)) return { channel, refitted: false, reason: 'fit-failed' };
  const fit: CalibrationFit = {
    channel,
    version,
    fittedAt: now.toISOString(),
    model,
    decisions: samples.length,
    approved: minimum.approved,
    lastDecidedAt: newest,
    previousModel: latest?.model.version ?? deps.prior.version,
    scored: samples.map((sample) => ({ predicted: Math.round(predictApproval(model, sample.features) * 1e6) / 1e6, approved: sample.approved })),
  };
  if (!(await deps.store.saveFit(fit))) return { channel, refitted: false, reason: 'already-stored' };
  await deps.audit.append({
    at: fit.fittedAt,
    actor: 'calibration-refit',
    action: 'calibration-refitted',
    subject: channel,
    comment: null,
    details: {
      version,
      model: model.version,
      previousModel: fit.previousModel,
      decisions: fit.decisions,
      approved: fit.approved,
      lastDecidedAt: newest,
      intercept: model.intercept,
      coefficients: model.coefficients,
    },
  });
  return { channel, refitted: true, version, decisions: fit.decisions };
}

/**
 * Weighted mean negative log-likelihood of the decisions under a model (lower: explains them
 * better), each decision weighing what it does in the fit; clamped so certainty costs a finite amount.
 */
export function logLoss(model: CalibrationModel, samples: readonly LabelledSample[]): number {
  let total = 0;
  let weights = 0;
  for (const sample of samples) {
    const weight = sample.weight ?? 1;
    const p = Math.min(1 - 1e-12, Math.max(1e-12, predictApproval(model, sample.features)));
    total -= weight * Math.log(sample.approved ? p : 1 - p);
    weights += weight;
  }
  return weights === 0 ? 0 : total / weights;
}
