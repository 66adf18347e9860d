import type { RolloutStage } from '../answer/types';
import { nextStage } from '../rollout/stages';
import { feedbackFigures, type FeedbackFigures } from './channel-metrics';
import { type DecisionFigures, decisionFigures } from './decision-figures';
import type { ReadinessConfig, StageBars } from './readiness-config';
import { percent } from './stats';
import type { FeedbackFact, ReviewFact } from './types';

/** What readiness is computed from: the channel's most recent activity, not a time window. */
export interface ReadinessFacts {
  /** The channel's latest closed reviews (approved, edited, rejected or expired) of kinds review and sample, at most sampleSize. */
  reviews: ReviewFact[];
  /** Questions among the channel's latest sampleSize drafts (staff previews among them only for the step to supervised). */
  questions: number;
  /** How many of `questions` came from staff preview sessions. */
  previewQuestions?: number;
  /** Votes on those drafts. */
  feedback: FeedbackFact[];
}

export interface ReadinessBar {
  id: string;
  label: string;
  required: number;
  /** Null: nothing to measure yet (no reviews, no votes). */
  actual: number | null;
  met: boolean;
  note?: string;
}

export interface ReadinessReport {
  channel: string;
  stage: RolloutStage;
  /** Null: the channel is autonomous, there is no stage above. */
  target: RolloutStage | null;
  ready: boolean;
  /** One plain sentence: ready or not, and which bars are not met. */
  summary: string;
  bars: ReadinessBar[];
  /** The unmet bars in words, e.g. "At least 100 drafts reviewed by staff (have 12)". */
  unmet: string[];
  sample: { size: number; reviews: number; questions: number; previewQuestions: number; oldestReviewAt: string | null; newestReviewAt: string | null };
  figures: { decisions: DecisionFigures; feedback: FeedbackFigures };
}

type BarKey = keyof StageBars;

interface BarDefinition {
  id: string;
  kind: 'min' | 'max';
  unit: 'count' | 'rate';
  label(required: number): string;
  actual(figures: { decisions: DecisionFigures; feedback: FeedbackFigures; questions: number }): number | null;
  /** Said when there is nothing to measure. */
  empty: string;
}

/** Every bar there is, in the order reports list them. */
const BARS: Record<BarKey, BarDefinition> = {
  minQuestions: {
    id: 'min-questions',
    kind: 'min',
    unit: 'count',
    label: (required) => `At least ${required} questions answered`,
    actual: (figures) => figures.questions,
    empty: '',
  },
  minReviewed: {
    id: 'min-reviewed',
    kind: 'min',
    unit: 'count',
    label: (required) => `At least ${required} drafts reviewed by staff`,
    actual: (figures) => figures.decisions.reviewed,
    empty: '',
  },
  minApprovedWithoutEditsRate: {
    id: 'min-approved-without-edits',
    kind: 'min',
    unit: 'rate',
    label: (required) => `At least ${percent(required)} approved without edits`,
    actual: (figures) => figures.decisions.rates.approvedWithoutEdits.rate,
    empty: 'Nothing reviewed yet.',
  },
  maxRejectionRate: {
    id: 'max-rejection-rate',
    kind: 'max',
    unit: 'rate',
    label: (required) => `At most ${percent(required)} rejected`,
    actual: (figures) => figures.decisions.rates.rejected.rate,
    empty: 'Nothing reviewed yet: nothing rejected.',
  },
  maxRejectedActions: {
    id: 'max-rejected-actions',
    kind: 'max',
    unit: 'count',
    label: (required) => (required === 0 ? 'No rejected action' : `At most ${required} rejected actions`),
    actual: (figures) => figures.decisions.rejectedActions,
    empty: '',
  },
  maxNotHelpfulRate: {
    id: 'max-not-helpful-rate',
    kind: 'max',
    unit: 'rate',
    label: (required) => `At most ${percent(required)} of feedback votes not helpful`,
    actual: (figures) => figures.feedback.notHelpfulRate.rate,
    empty: 'No feedback votes yet: nothing held against this bar.',
  },
};

/**
 * Whether a channel is ready for a stage: the bars configured for that
 * stage, each measured over the channel's latest `sampleSize` closed
 * reviews (approval, rejection, rejected actions) and drafts (questions,
 * feedback). A minimum with nothing to measure is not met; a maximum with
 * nothing to measure is (no evidence of harm). The target defaults to the
 * stage above the current one.
 */
export function assessReadiness(input: {
  channel: string;
  stage: RolloutStage;
  /** Any stage; `internal` has no bars (stepping down needs none). */
  target?: RolloutStage;
  facts: ReadinessFacts;
  config: ReadinessConfig;
}): ReadinessReport {
  const { channel, stage, facts, config } = input;
  const target = input.target ?? nextStage(stage);
  const reviews = facts.reviews.filter((review) => review.status !== 'pending').slice(0, config.sampleSize);
  const decisions = decisionFigures(reviews);
  const feedback = feedbackFigures(facts.feedback);
  const times = reviews.map((review) => review.createdAt).sort();
  const base = {
    channel,
    stage,
    target,
    sample: { size: config.sampleSize, reviews: reviews.length, questions: facts.questions, previewQuestions: facts.previewQuestions ?? 0, oldestReviewAt: times[0] ?? null, newestReviewAt: times.at(-1) ?? null },
    figures: { decisions, feedback },
  };
  if (target === null) {
    return { ...base, ready: false, summary: `${channel} is already autonomous: there is no stage above it.`, bars: [], unmet: [] };
  }

  const figures = { decisions, feedback, questions: facts.questions };
  const stageBars: StageBars = target === 'internal' ? {} : config.bars[target];
  const bars: ReadinessBar[] = [];
  const unmet: string[] = [];
  for (const [key, definition] of Object.entries(BARS) as [BarKey, BarDefinition][]) {
    const required = stageBars[key];
    if (required === undefined) continue;
    const actual = definition.actual(figures);
    const met = actual === null ? definition.kind === 'max' : definition.kind === 'min' ? actual >= required : actual <= required;
    const bar: ReadinessBar = { id: definition.id, label: definition.label(required), required, actual, met };
    if (actual === null && definition.empty) bar.note = definition.empty;
    bars.push(bar);
    if (!met) unmet.push(`${bar.label} (have ${actual === null ? 'none' : definition.unit === 'rate' ? percent(actual) : actual})`);
  }
  const ready = unmet.length === 0;
  const over = `over the last ${reviews.length} closed reviews and ${facts.questions} questions`;
  const summary = ready
    ? bars.length === 0
      ? `Ready for ${target}: no bars are configured for it.`
      : `Ready for ${target}: all ${bars.length} bars met ${over}.`
    : `Not ready for ${target}: ${unmet.length} of ${bars.length} bars not met ${over}: ${unmet.join('; ')}.`;
  return { ...base, ready, summary, bars, unmet };
}
