import { DEFAULT_TARGET } from '../answer/confidence-prior';
import type { CalibrationModel } from './logistic';
import { thresholdForTarget } from './threshold-for-target';
import type { CalibrationFit, CalibrationTarget } from './types';
import { decisionsToReach } from './wilson';

/** The share of sent replies staff should approve unedited, until an admin sets another (the prior's default). */
export { DEFAULT_TARGET };
/** Targets an admin may set: below 50% the gate would send mostly unapproved replies; above 99% no channel ever has the decisions to show it. */
export const MIN_TARGET = 0.5;
export const MAX_TARGET = 0.99;

/** The shipped prior: its model and the threshold it meets a target at on the development sets. */
export interface Prior {
  model: CalibrationModel;
  thresholdFor(target: number): number;
}

/** What the gate uses for one channel, and why. */
export interface ChannelCalibration {
  channel: string;
  target: number;
  /** Null: the default target, nobody set one. */
  targetSetBy: { by: string; at: string } | null;
  /** The channel's latest fit, or the prior until the channel has one. */
  model: CalibrationModel;
  fitVersion: number | null;
  threshold: number;
  thresholdBasis: 'channel' | 'prior';
  /** One plain sentence on where the threshold comes from. */
  thresholdNote: string;
}

/**
 * The model and send threshold for a channel. The threshold is the lowest
 * at which the Wilson lower bound over the channel's decisions (scored by
 * its current model) meets the target, once the channel has a fit on at
 * least as many decisions as the target needs to be provable
 * (decisionsToReach); until then, the prior's threshold for the target.
 */
export function channelCalibration(channel: string, prior: Prior, fit: CalibrationFit | null, target: CalibrationTarget | null): ChannelCalibration {
  const value = target?.target ?? DEFAULT_TARGET;
  const base = { channel, target: value, targetSetBy: target ? { by: target.updatedBy, at: target.updatedAt } : null };
  const needed = decisionsToReach(value);
  if (!fit || fit.scored.length < needed) {
    const have = fit ? fit.scored.length : 0;
    return {
      ...base,
      model: fit?.model ?? prior.model,
      fitVersion: fit?.version ?? null,
      threshold: prior.thresholdFor(value),
      thresholdBasis: 'prior',
      thresholdNote: `The prior's threshold for ${pct(value)}: a ${pct(value)} target takes at least ${needed} staff decisions to show, and the channel's model has ${have}.`,
    };
  }
  const chosen = thresholdForTarget(fit.scored, value);
  return {
    ...base,
    model: fit.model,
    fitVersion: fit.version,
    threshold: chosen.threshold,
    thresholdBasis: 'channel',
    thresholdNote: chosen.met
      ? `The lowest threshold at which the 95% Wilson lower bound on ${chosen.approvalAbove.of} decisions at or above it (${pct(chosen.approvalAbove.low)}) meets ${pct(value)}.`
      : `No threshold meets ${pct(value)} on the channel's ${fit.scored.length} decisions: every reply is reviewed until more are approved.`,
  };
}

const pct = (value: number): string => `${Number((value * 100).toFixed(1))}%`;
