import type { StepDownThresholds } from './readiness-config';
import { percent, ratio } from './stats';
import type { Ratio, ReviewFact } from './types';

export interface StepDownInput {
  /** The channel's sampled replies (reviews of kind sample) created in the window. */
  samples: readonly Pick<ReviewFact, 'status'>[];
  /** Votes on the channel's drafts in the window. */
  feedback: readonly { helpful: boolean }[];
  thresholds: Omit<StepDownThresholds, 'windowDays'>;
}

export interface StepDownVerdict {
  /** True: move the channel from autonomous back to supervised. */
  stepDown: boolean;
  /** One plain sentence, fit for the audit log and the staff alert. */
  reason: string;
  /** Rejected / graded samples (approved, edited or rejected; pending and expired ones were not graded). */
  sampledRejection: Ratio;
  notHelpful: Ratio;
}

/**
 * The safety net of the autonomous stage: too many sampled replies rejected
 * by staff, or too many not-helpful votes, sends the channel back to
 * supervised. A figure is judged only once it rests on at least
 * `minSampleSize` graded samples (or votes), so two unlucky replies cannot
 * trip it; a rate equal to its maximum is still acceptable.
 */
export function assessStepDown(input: StepDownInput): StepDownVerdict {
  const { minSampleSize, maxSampledRejectionRate, maxNotHelpfulRate } = input.thresholds;
  const graded = input.samples.filter((sample) => sample.status === 'approved' || sample.status === 'edited' || sample.status === 'rejected');
  const sampledRejection = ratio(graded.filter((sample) => sample.status === 'rejected').length, graded.length);
  const notHelpful = ratio(input.feedback.filter((vote) => !vote.helpful).length, input.feedback.length);

  const checks = [
    { figure: sampledRejection, max: maxSampledRejectionRate, what: 'sampled replies rejected by staff', unit: 'graded samples' },
    { figure: notHelpful, max: maxNotHelpfulRate, what: 'feedback votes not helpful', unit: 'votes' },
  ];
  const breaches: string[] = [];
  const fine: string[] = [];
  for (const { figure, max, what, unit } of checks) {
    const stated = `${figure.count} of ${figure.of} ${what}${figure.rate === null ? '' : ` (${percent(figure.rate)})`}`;
    if (figure.of < minSampleSize) fine.push(`${stated}: too few ${unit} to judge (need ${minSampleSize})`);
    else if (figure.rate! > max) breaches.push(`${stated}, above the ${percent(max)} limit`);
    else fine.push(`${stated}, within the ${percent(max)} limit`);
  }
  const reason =
    breaches.length > 0 ? `Step down to supervised: ${breaches.join('; ')}.` : `Stay autonomous: ${fine.join('; ')}.`;
  return { stepDown: breaches.length > 0, reason, sampledRejection, notHelpful };
}
