import { type CostFigures, type ModelPrices, tokenCosts } from './cost';
import { type DecisionFigures, decisionFigures } from './decision-figures';
import { type KnowledgeGap, knowledgeGaps } from './knowledge-gaps';
import { percentile, ratio } from './stats';
import type { DraftFact, FeedbackFact, MetricsWindow, Ratio, ReviewFact } from './types';

/** The longest window the figures cover, in days: it bounds every query. */
export const MAX_WINDOW_DAYS = 90;

const DAY_MS = 86_400_000;

/** Today (UTC) and the `days − 1` whole UTC days before it: `to` is the next midnight. */
export function windowForDays(days: number, now: Date): MetricsWindow {
  if (!Number.isInteger(days) || days < 1 || days > MAX_WINDOW_DAYS) throw new RangeError(`days must be an integer from 1 to ${MAX_WINDOW_DAYS}`);
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { days, from: new Date(midnight - (days - 1) * DAY_MS).toISOString(), to: new Date(midnight + DAY_MS).toISOString() };
}

export interface DayOutcomes {
  /** The UTC date, YYYY-MM-DD. */
  date: string;
  questions: number;
  sent: number;
  reviewed: number;
  handedOff: number;
}

export interface ChannelFacts {
  /** The channel's drafts created in the window (no previews). */
  drafts: DraftFact[];
  /** The channel's reviews created in the window, every kind and state. */
  reviews: ReviewFact[];
  /** Votes on the window's drafts. */
  feedback: FeedbackFact[];
  /** Questions from staff preview sessions in the window: not among `drafts`, only counted to say they were left out. */
  previewQuestions?: number;
  /** True when a query hit its row cap: the figures then cover the newest rows only. */
  truncated: boolean;
}

export interface ChannelMetrics {
  complete: boolean;
  /** `previewsLeftOut`: staff preview questions in the window, counted in no other figure. */
  questions: { total: number; sent: number; reviewed: number; handedOff: number; perDay: DayOutcomes[]; previewsLeftOut: number };
  reviews: {
    /** Drafts the bot wrote that staff judged: kinds review and sample. Readiness uses the same set. */
    graded: DecisionFigures;
    byKind: { review: DecisionFigures; sample: DecisionFigures; handoff: DecisionFigures };
  };
  /** Seconds from review created to decided, while the asker waited (kinds review and handoff, decided by a person). */
  timeToDecision: { decisions: number; p50Seconds: number | null; p90Seconds: number | null };
  feedback: FeedbackFigures;
  knowledgeGaps: KnowledgeGap[];
  cost: CostFigures;
}

export interface FeedbackFigures {
  votes: number;
  helpful: number;
  notHelpful: number;
  notHelpfulRate: Ratio;
}

/** Every figure of one channel over one window, from its rows. */
export function channelMetrics(facts: ChannelFacts, window: MetricsWindow, prices: ModelPrices): ChannelMetrics {
  const drafts = facts.drafts.filter((draft) => draft.createdAt >= window.from && draft.createdAt < window.to);
  const reviews = facts.reviews.filter((review) => review.createdAt >= window.from && review.createdAt < window.to);
  const ofKind = (...kinds: ReviewFact['kind'][]) => reviews.filter((review) => kinds.includes(review.kind));
  const draftIds = new Set(drafts.map((draft) => draft.id));
  const outcome = (decision: DraftFact['decision']) => drafts.filter((draft) => draft.decision === decision).length;
  return {
    complete: !facts.truncated,
    questions: { total: drafts.length, sent: outcome('send'), reviewed: outcome('review'), handedOff: outcome('handoff'), perDay: perDay(drafts, window), previewsLeftOut: facts.previewQuestions ?? 0 },
    reviews: {
      graded: decisionFigures(ofKind('review', 'sample')),
      byKind: { review: decisionFigures(ofKind('review')), sample: decisionFigures(ofKind('sample')), handoff: decisionFigures(ofKind('handoff')) },
    },
    timeToDecision: timeToDecision(ofKind('review', 'handoff')),
    feedback: feedbackFigures(facts.feedback.filter((vote) => draftIds.has(vote.draftId))),
    knowledgeGaps: knowledgeGaps(drafts),
    cost: tokenCosts(drafts, prices),
  };
}

/** One entry per UTC day of the window, oldest first, days without questions included. */
export function perDay(drafts: readonly DraftFact[], window: MetricsWindow): DayOutcomes[] {
  const days = new Map<string, DayOutcomes>();
  for (let at = Date.parse(window.from); at < Date.parse(window.to); at += DAY_MS) {
    const date = new Date(at).toISOString().slice(0, 10);
    days.set(date, { date, questions: 0, sent: 0, reviewed: 0, handedOff: 0 });
  }
  for (const draft of drafts) {
    const at = Date.parse(draft.createdAt);
    if (Number.isNaN(at)) continue;
    const day = days.get(new Date(at).toISOString().slice(0, 10));
    if (!day) continue;
    day.questions++;
    if (draft.decision === 'send') day.sent++;
    else if (draft.decision === 'review') day.reviewed++;
    else day.handedOff++;
  }
  return [...days.values()];
}

/**
 * p50 and p90 (nearest rank) of decided_at − created_at in seconds, over
 * reviews a person decided (expired ones have no decision time).
 */
export function timeToDecision(reviews: readonly ReviewFact[]): ChannelMetrics['timeToDecision'] {
  const seconds: number[] = [];
  for (const review of reviews) {
    if (review.status === 'pending' || review.status === 'expired' || review.decidedAt === null) continue;
    const elapsed = (Date.parse(review.decidedAt) - Date.parse(review.createdAt)) / 1000;
    if (Number.isFinite(elapsed)) seconds.push(Math.max(0, elapsed));
  }
  return { decisions: seconds.length, p50Seconds: percentile(seconds, 50), p90Seconds: percentile(seconds, 90) };
}

export function feedbackFigures(feedback: readonly FeedbackFact[]): FeedbackFigures {
  const helpful = feedback.filter((vote) => vote.helpful).length;
  const notHelpful = feedback.length - helpful;
  return { votes: feedback.length, helpful, notHelpful, notHelpfulRate: ratio(notHelpful, feedback.length) };
}
