import type { KbPage } from '../adapters/d1/d1-kb-pages';
import type { QueueRow } from '../adapters/d1/d1-review-queue';
import type { StaffReplyRecord } from '../adapters/d1/d1-staff-replies';
import type { Passage } from '../domain/answer/types';
import type { Destination, Review, ReviewStatus } from '../domain/review/types';

/*
 * Read models: what the console pages and admin API show, as ports. The D1
 * adapters (src/adapters/d1) implement them; routes and pages see only these
 * types, so the SQL and its row shapes live in one place.
 */

/** A review with what the queue and the API show of its draft. */
export interface ReviewListItem {
  id: string;
  draftId: string;
  kind: Review['kind'];
  status: ReviewStatus;
  channel: string;
  question: string;
  draft: string;
  confidence: number;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  finalText: string | null;
  rejectReason: string | null;
  destination: Destination;
}

export interface ReviewFilter {
  /** One status, or 'decided' (approved, edited, rejected or expired). */
  status: ReviewStatus | 'decided';
  channel?: string;
  /** Created on or after this UTC date (YYYY-MM-DD). */
  from?: string;
  /** Created on or before this UTC date (YYYY-MM-DD). */
  to?: string;
  limit: number;
  offset?: number;
}

export interface ReviewList {
  /** Pending ones oldest first (the queue), decided ones newest first (the history). */
  list(filter: ReviewFilter): Promise<ReviewListItem[]>;
}

/** What every audit line says: who did what to what, when. */
interface AuditFields {
  at: string;
  actor: string;
  action: string;
  subject: string;
  comment: string | null;
  details: unknown;
}

export interface AuditRow extends AuditFields {
  /** 'log': an audit_log entry; 'review': a review decision, read from the reviews table where it is recorded. */
  source: 'log' | 'review';
}

/** One stored audit_log entry, as the admin API returns it. */
export interface AuditEntryRow extends AuditFields {
  id: number;
}

export const REVIEW_ACTIONS = ['review-approved', 'review-edited', 'review-rejected', 'review-expired'] as const;

export interface AuditReadModel {
  /** The audit log merged with review decisions (recorded once, in the reviews table), newest first. */
  listMerged(filter: { action?: string; actor?: string; limit: number; offset: number }): Promise<AuditRow[]>;
  /** Every action that can be filtered on: logged ones and the review decisions. */
  actions(): Promise<string[]>;
  /** The newest 200 audit_log entries, optionally of one action. */
  entries(action: string | null): Promise<AuditEntryRow[]>;
  /** Appends an entry and returns its id (the log is append-only). */
  appendReturningId(entry: Omit<AuditEntryRow, 'id'>): Promise<number>;
}

/** One turn of a conversation as the console shows it. */
export interface Turn {
  role: 'asker' | 'bot' | 'staff';
  text: string;
  at: string | null;
}

export interface WebConversationRow {
  id: string;
  channel: string;
  preview: boolean;
  createdAt: string;
  lastMessageAt: string | null;
  messageCount: number;
}

export interface SlackThreadRow {
  channel: string;
  threadTs: string;
  messages: number;
  startedAt: string;
  lastAt: string;
}

export interface SlackEventRow {
  key: string;
  user: string | null;
  text: string;
  ts: string | null;
  status: string;
  draftId: string | null;
  receivedAt: string;
}

/** The drafts and decisions in a conversation, by draft id. */
export interface DraftSummary {
  id: string;
  question: string;
  answer: string;
  decision: string;
  confidence: number;
  createdAt: string;
  review: Pick<Review, 'id' | 'status' | 'kind' | 'decidedBy' | 'decidedAt' | 'finalText' | 'rejectReason'> | null;
}

export interface ConversationReadModel {
  listWebConversations(options: { limit: number; before?: string }): Promise<WebConversationRow[]>;
  webConversationExists(id: string): Promise<boolean>;
  /** Slack threads the bot saw, newest activity first (handled events are kept INBOUND_RETENTION_DAYS). */
  listSlackThreads(limit: number): Promise<SlackThreadRow[]>;
  slackThreadEvents(channel: string, threadTs: string, limit?: number): Promise<SlackEventRow[]>;
  /** Drafts (and their reviews) by id: at most 100, D1's limit on bound parameters. */
  draftSummaries(ids: string[]): Promise<Map<string, DraftSummary>>;
  /** Drafts of reviews whose reply goes to a web conversation (handoffs and failures included). */
  webConversationDraftIds(conversationId: string): Promise<string[]>;
}

/** The listing of web chat conversations the console shows (the messages live in each conversation's Durable Object). */
export interface WebConversationLedger {
  create(conversation: { id: string; channel: string; preview: boolean; createdAt: string }): Promise<void>;
  countMessage(conversationId: string, at: string): Promise<void>;
}

/** A staff-reviewed reply with the context its draft was made from, for fine-tuning exports. */
export interface TrainingExampleRow {
  reviewId: string;
  source: 'approved' | 'edited' | 'rejected_with_reply';
  question: string;
  draftAnswer: string;
  finalAnswer: string;
  createdAt: string;
  audience: 'employee' | 'customer';
  citations: Passage[];
  /** What retrieval returned for the draft, best first. */
  retrieved: { chunkId: string; score: number; ranks: Passage['ranks'] }[];
}

export interface TrainingExamples {
  list(filter: { since?: string; audience?: 'employee' | 'customer'; channel?: 'slack' | 'web'; limit: number }): Promise<TrainingExampleRow[]>;
}

/** Every read model, built once in the wiring. */
/** The live review queue's rows (src/adapters/d1/d1-review-queue.ts). */
export interface ReviewQueue {
  pending(options: { channel?: string; limit: number }): Promise<QueueRow[]>;
}

/** Replies staff sent from the console, by conversation (audit entries). */
export interface StaffReplies {
  in(subject: string, limit?: number): Promise<StaffReplyRecord[]>;
}

/** Public documents as their read-only /kb pages show them; null for a missing or internal one. */
export interface KbPages {
  publicPage(id: string): Promise<KbPage | null>;
}

export interface ReadModels {
  reviews: ReviewList;
  queue: ReviewQueue;
  staffReplies: StaffReplies;
  kbPages: KbPages;
  audit: AuditReadModel;
  conversations: ConversationReadModel;
  webConversations: WebConversationLedger;
  training: TrainingExamples;
}
