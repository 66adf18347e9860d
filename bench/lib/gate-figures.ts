import { auroc } from './metrics';

/** What the gate figures need of a question's outcome. */
export interface GateSample {
  kind: 'answerable' | 'unanswerable' | 'action';
  /** Would staff approve the draft as it is (see QuestionRecord.approvable). */
  approvable: boolean;
  score: number;
  /** Handed off (nothing relevant) or an action request: never sent, whatever the score. */
  neverSent: boolean;
}

/**
 * The lowest threshold at which the replies sent (score ≥ threshold, among
 * those the policy may send) are approvable at least `target` of the time,
 * and stay so at every higher threshold: a threshold that only meets the
 * target by luck of one question is not taken. 1 when no threshold does.
 */
export function thresholdForTarget(samples: GateSample[], target: number): number {
  const sendable = samples.filter((sample) => !sample.neverSent).sort((a, b) => b.score - a.score);
  let best = 1;
  let sent = 0;
  let right = 0;
  for (let index = 0; index < sendable.length; index++) {
    sent++;
    if (sendable[index]!.approvable) right++;
    const score = sendable[index]!.score;
    // Ties are sent together: only cut between different scores.
    if (index + 1 < sendable.length && sendable[index + 1]!.score === score) continue;
    if (right / sent >= target) best = score;
    else break;
  }
  return best;
}

export interface GateFigures {
  sent: number;
  sentApprovable: number;
  /** Share of sent replies staff would approve; null when nothing is sent. */
  precision: number | null;
  answerable: number;
  answerableSent: number;
  unanswerableSent: number;
  actionsSent: number;
}

/** What sending at this threshold would give. */
export function figuresAt(samples: GateSample[], threshold: number): GateFigures {
  const sent = samples.filter((sample) => !sample.neverSent && sample.score >= threshold);
  const sentApprovable = sent.filter((sample) => sample.approvable).length;
  return {
    sent: sent.length,
    sentApprovable,
    precision: sent.length === 0 ? null : sentApprovable / sent.length,
    answerable: samples.filter((sample) => sample.kind === 'answerable').length,
    answerableSent: sent.filter((sample) => sample.kind === 'answerable').length,
    unanswerableSent: sent.filter((sample) => sample.kind === 'unanswerable').length,
    actionsSent: sent.filter((sample) => sample.kind === 'action').length,
  };
}

/** AUROC of the score for approvable drafts against the rest. */
export function gateAuroc(samples: GateSample[]): number | null {
  return auroc(
    samples.filter((sample) => sample.approvable).map((sample) => sample.score),
    samples.filter((sample) => !sample.approvable).map((sample) => sample.score),
  );
}
