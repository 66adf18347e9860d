import type { Draft } from '../answer/types';

/** Where a reply goes: a Slack thread, or (later) a web chat conversation. */
// A Slack asker from outside the company (Slack Connect user, guest, shared channel) is noted for the review card.
export type Destination = { kind: 'slack'; channel: string; threadTs: string; outsider?: 'external' | 'guest' | 'shared-channel' } | { kind: 'web'; conversationId: string; messageId: string };

/** 'expired': nobody decided before the deadline; the asker got the holding message. */
export type ReviewStatus = 'pending' | 'approved' | 'edited' | 'rejected' | 'expired';
export type ReviewDecision = 'approve' | 'edit' | 'reject';

export interface Review {
  id: string;
  draftId: string;
  /**
   * review/handoff: the asker waits for the decision. sample: a reply that
   * already went out unreviewed (autonomous stage), graded afterwards; its
   * decision is recorded but nothing is delivered.
   */
  kind: 'review' | 'handoff' | 'sample';
  /** The rollout channel the question came through ('slack', or a web chat channel id). */
  channel: string;
  destination: Destination;
  askerId: string | null;
  status: ReviewStatus;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  finalText: string | null;
  rejectReason: string | null;
  /**
   * What the decision chose, recorded with it so a retried completion does the
   * same: the indexes of the proposed actions to run (null: decided before
   * this was recorded; an approval runs all, an edit none), and whether staff
   * asked for the reply to be reused for similar questions.
   */
  runActions: number[] | null;
  reuseRequested: boolean;
  /** Where the staff card was posted, once it was, and the link to the question. */
  card: ReviewCard | null;
}

/** A new review, waiting for staff. */
export function pendingReview(fields: Pick<Review, 'id' | 'draftId' | 'kind' | 'channel' | 'destination' | 'askerId' | 'createdAt'>): Review {
  return { ...fields, status: 'pending', decidedAt: null, decidedBy: null, finalText: null, rejectReason: null, runActions: null, reuseRequested: false, card: null };
}

/** Everything a decision records, in its one atomic step. */
export interface ReviewDecisionRecord {
  by: string;
  at: string;
  finalText: string;
  rejectReason: string | null;
  runActions: number[];
  reuseRequested: boolean;
}

export interface ReviewCard {
  channel: string;
  ts: string;
  permalink: string | null;
}

export interface ReviewRepository {
  /** Creates the review for a draft, once: a second call returns the first review. */
  createForDraft(review: Review): Promise<Review>;
  get(id: string): Promise<Review | null>;
  /**
   * The one atomic step of a decision: pending → decided. True for the one
   * caller that made the transition; false when someone decided first.
   */
  decide(id: string, status: Exclude<ReviewStatus, 'pending' | 'expired'>, decision: ReviewDecisionRecord): Promise<boolean>;
  setCard(id: string, card: ReviewCard): Promise<void>;
}

export interface DraftRepository {
  get(id: string): Promise<Draft | null>;
}

/** What the asker receives. */
export interface OutboundReply {
  text: string;
  /** The draft behind it, for sources and feedback buttons; null for holding or staff-written text. */
  draft: Draft | null;
  /** Who wrote it, shown to the asker: staff replies are marked "from the support team". Absent: the bot. */
  author?: 'bot' | 'staff';
}

/**
 * Delivers replies where the question came from. `deliver` is idempotent by
 * key: delivering the same key twice posts once.
 */
export interface ReplyChannel {
  deliver(destination: Destination, reply: OutboundReply, key: string): Promise<{ delivered: boolean }>;
}

/** Staff decisions become training data and verified answers. Idempotent by review id. */
export interface TrainingSink {
  record(example: {
    reviewId: string;
    draftId: string;
    source: 'approved' | 'edited' | 'rejected_with_reply';
    question: string;
    draftAnswer: string;
    finalAnswer: string;
    createdAt: string;
  }): Promise<void>;
}
