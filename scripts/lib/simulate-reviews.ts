import { figuresAt, gateAuroc, thresholdForTarget } from '../../bench/lib/gate-figures';
import { CONFIDENCE_PRIOR } from '../../src/domain/answer/confidence-prior';
import { fitLogistic, predictApproval } from '../../src/domain/calibration/logistic';
import { type QuestionRecord, sampleOf } from './question-run';

/**
 * What a channel's refit would do: staff "decide" every other question
 * (approve when the draft is approvable by gold, reject otherwise), the refit
 * (fitLogistic toward the prior) learns from those decisions and picks its
 * threshold for the target on them, and the other half is reported with the
 * refitted model. Alternating by position keeps both halves alike and the
 * result deterministic.
 */
export function simulateReviews(records: QuestionRecord[], target: number) {
  const reviewed = records.filter((_, index) => index % 2 === 0);
  const reported = records.filter((_, index) => index % 2 === 1);
  const decisions = reviewed.filter((record) => record.kind !== 'action').map((record) => ({ features: record.features, approved: record.approvable }));
  const model = fitLogistic(decisions, { prior: CONFIDENCE_PRIOR.model, l2: 1, version: 'simulated', source: 'simulated reviews', now: new Date(0) });
  const threshold = thresholdForTarget(
    reviewed.map((record) => sampleOf(record, predictApproval(model, record.features))),
    target,
  );
  const samples = reported.map((record) => sampleOf(record, predictApproval(model, record.features)));
  const at = figuresAt(samples, threshold);
  return {
    fittedOn: decisions.length,
    reported: reported.length,
    auroc: gateAuroc(samples),
    threshold: Math.round(threshold * 1000) / 1000,
    answerable: at.answerable,
    answerableSent: at.answerableSent,
    sent: at.sent,
    sentApprovable: at.sentApprovable,
  };
}
