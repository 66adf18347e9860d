import type { AnswerEngine } from '../domain/answer/answer-engine';
import type { AskerAudience, ConversationTurn, Draft, RolloutStage } from '../domain/answer/types';
import type { Destination, ReplyChannel, Review, ReviewRepository } from '../domain/review/types';

/** What the holding message tells the asker while staff have the question. */
export type HoldKind = 'review' | 'handoff' | 'failed';

/** One queued question as the answering use case sees it, whatever channel it came through. */
export interface QueuedQuestion {
  /** Stable per question: the delivery keys (`reply:`, `holding:`) and the sampling decision derive from it, so a retry does the same. */
  key: string;
  text: string;
  audience: AskerAudience;
  /** The rollout channel: drafts are stored under it, its calibration decides what is sent, its reviews carry it. */
  channel: string;
  channelKind: 'slack' | 'web';
  /** The stage the answer is drafted and sent under (read now, so a step-down since an earlier attempt counts). */
  stage: RolloutStage;
  /** False for staff previews of an internal channel: their replies are not sampled for grading. */
  sampled: boolean;
  /** Asked in a staff preview session: its drafts are left out of the dashboard's figures. */
  preview: boolean;
  destination: Destination;
  askerId: string;
  /** The draft an earlier attempt attached, if any. */
  draftId: string | null;
}

/**
 * Where queued questions come from (a Slack event, a web chat message).
 * One source object serves one attempt at one question.
 */
export interface QuestionSource {
  /** Claims the question for this attempt: false when there is nothing to do (answered, ignored); throws a retryable error while another attempt holds it. */
  claim(): Promise<boolean>;
  /** Reads the claimed question; null when it turns out there is nothing to answer (the source records why). */
  question(): Promise<QueuedQuestion | null>;
  /** Earlier turns given to the engine as conversation history (best effort). */
  history(): Promise<ConversationTurn[]>;
  /** Attaches a draft to the question once: returns the winning draft id (another attempt's, when it was first). */
  attachDraft(draftId: string, replacing: string | null): Promise<string>;
  /** The reply went out or is held for staff: the source's bookkeeping. */
  finish(): Promise<void>;
  /** An attempt failed: retry (the claim is then released and `error` rethrown), or the source kept the failure where staff see it. */
  failed(error: unknown): Promise<{ retry: true; error: unknown } | { retry: false }>;
  /** Gives the claim back so a later attempt can take it. */
  release(): Promise<void>;
}

/** Delivers to where the question came from, and can say the question is with staff. */
export interface AnswerReplyChannel extends ReplyChannel {
  /** Posts the holding message of `kind`, once per `key`. */
  hold(destination: Destination, kind: HoldKind, key: string): Promise<void>;
}

/** Tells staff about a new review (a Slack card). Errors propagate: the caller decides whether they matter. */
export interface StaffNotifier {
  reviewRequested(review: Review, draft: Draft): Promise<void>;
}

/** The stores the use case writes drafts and reviews to. */
export interface DraftStore {
  get(id: string): Promise<Draft | null>;
  /** `preview`: a staff preview session asked it (left out of the dashboard's figures). */
  save(draft: Draft, channel: string, options?: { preview?: boolean }): Promise<void>;
}

export interface AnsweringDependencies {
  drafts: DraftStore;
  reviews: ReviewRepository;
  /** The engine for an audience; with a channel, calibrated by it; without one (previews), the configured defaults. */
  engine(audience: AskerAudience, channel: string | null): Promise<AnswerEngine>;
  /** Share of replies sent unreviewed in `autonomous` that staff grade afterwards (SAMPLE_RATE). */
  sampleRate: number;
  newId(): string;
  now(): Date;
  log(event: string, fields: Record<string, unknown>): void;
}
