import type { CalibrationModel } from './logistic';
import type { QuestionFeatures } from './operating-point';
import type { ScoredDecision } from './reliability';
import type { ChannelDecision } from './training-samples';

/** One versioned fit of a channel's model: stored once, never overwritten. */
export interface CalibrationFit {
  channel: string;
  /** 1, 2, 3… per channel. */
  version: number;
  fittedAt: string;
  model: CalibrationModel;
  decisions: number;
  approved: number;
  /** The newest decision used: the next refit waits for a newer one. */
  lastDecidedAt: string;
  /** The model this fit replaced (the prior's version for a channel's first fit). */
  previousModel: string;
  /** The decisions used, scored by this fit's model: reliability bins and thresholds come from them. */
  scored: ScoredDecision[];
}

/** The share of sent replies an admin wants staff to have approved unedited. */
export interface CalibrationTarget {
  channel: string;
  target: number;
  updatedAt: string;
  updatedBy: string;
}

export interface CalibrationStore {
  /** The channels there are (the refit visits each). */
  channels(): Promise<string[]>;
  /** The channel's staff decisions with stored features, newest decision first, at most `limit`. */
  decisions(channel: string, limit: number): Promise<ChannelDecision[]>;
  /** The channel's latest drafts with stored features, newest first, at most `limit` (the readiness figures' questions). */
  questions(channel: string, limit: number): Promise<QuestionFeatures[]>;
  latestFit(channel: string): Promise<CalibrationFit | null>;
  /** The channel's fits, newest first, without their scored decisions. */
  fits(channel: string, limit: number): Promise<Omit<CalibrationFit, 'scored'>[]>;
  /** Stores a fit; false when its version is taken already (another run stored it first). */
  saveFit(fit: CalibrationFit): Promise<boolean>;
  target(channel: string): Promise<CalibrationTarget | null>;
  setTarget(target: CalibrationTarget): Promise<void>;
}
