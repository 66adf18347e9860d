import { type CalibrationModel, type FeatureVector, predictApproval } from './logistic';
import type { ChannelDecision } from './training-samples';
import { type RateInterval, wilsonInterval } from './wilson';

/** A recent question of the channel, with the features its draft was scored on. */
export interface QuestionFeatures {
  features: FeatureVector;
  /** False when the gate never sends it whatever the score: handed off, or a write action proposed. */
  sendable: boolean;
}

/** What the gate is expected to do at a threshold, each figure with its 95% Wilson interval. */
export interface OperatingPoint {
  threshold: number;
  /** Share of the channel's recent questions the model scores at or above the threshold (sent without review at a stage that sends). */
  sentWithoutReview: RateInterval;
  /** Of the staff decisions scoring at or above the threshold, the share approved unedited: the expected approval of sent replies. */
  approvalOfSent: RateInterval;
}

/** The channel's current model applied to its recent questions and decisions, at the threshold the gate uses. */
export function operatingPoint(
  model: CalibrationModel,
  threshold: number,
  questions: readonly QuestionFeatures[],
  decisions: readonly ChannelDecision[],
): OperatingPoint {
  const sent = questions.filter((question) => question.sendable && predictApproval(model, question.features) >= threshold).length;
  const above = decisions.filter((decision) => predictApproval(model, decision.features) >= threshold);
  const approved = above.filter((decision) => decision.status === 'approved').length;
  return { threshold, sentWithoutReview: wilsonInterval(sent, questions.length), approvalOfSent: wilsonInterval(approved, above.length) };
}
