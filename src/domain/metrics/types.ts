import type { Decision, DraftMode } from '../answer/types';
import type { ReviewStatus } from '../review/types';

/**
 * The rows the figures are computed from, as the metrics adapter loads them.
 * Preview drafts (staff trying the bot from the admin API) are never among
 * them: they are not questions anybody asked.
 */
export interface DraftFact {
  id: string;
  createdAt: string;
  decision: Decision;
  mode: DraftMode;
  /** Null: no model wrote it (extractive or verified answer), so it cost nothing. */
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  /** The asker's question; loaded for handoffs only (the knowledge gaps), else null. */
  question: string | null;
}

export type ReviewKind = 'review' | 'handoff' | 'sample';

export interface ReviewFact {
  id: string;
  draftId: string;
  kind: ReviewKind;
  status: ReviewStatus;
  createdAt: string;
  decidedAt: string | null;
  /** Loaded for edited reviews only (capped in length), else null. */
  draftAnswer: string | null;
  finalText: string | null;
  /** How many write actions the draft proposed. */
  proposedActions: number;
}

/** One person's latest vote on one draft. */
export interface FeedbackFact {
  draftId: string;
  helpful: boolean;
}

/** A count out of a stated denominator; `rate` is null when there is nothing to divide by. */
export interface Ratio {
  count: number;
  of: number;
  rate: number | null;
}

/** The period the figures cover: whole UTC days, `from` inclusive, `to` exclusive. */
export interface MetricsWindow {
  days: number;
  from: string;
  to: string;
}
