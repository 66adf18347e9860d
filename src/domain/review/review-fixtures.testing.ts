/** Fixtures for the review service's unit tests: a draft, a compare-and-set review repository, and a service over in-memory fakes. */
import type { ActionLedger, ActionOutcome } from '../answer/run-approved-action';
import type { Draft } from '../answer/types';
import type { VerifiedAnswer } from '../answer/verified-answers';
import type { ToolRegistry } from '../tools/registry';
import { ReviewService } from './review-service';
import type { Destination, OutboundReply, Review, ReviewDecisionRecord, ReviewRepository } from './types';

export const destination: Destination = { kind: 'slack', channel: 'C1001', threadTs: '1700000000.000100' };

export function draft(overrides: Partial<Draft> = {}): Draft {
  return {
    id: 'draft-1',
    createdAt: '2026-11-26T10:00:00Z',
    question: 'is there parking?',
    audience: 'employee',
    stage: 'internal',
    mode: 'extractive',
    answer: 'Park on level -1.',
    citations: [{ label: 'P1', chunkId: 'chunk-1', documentId: 'office.md', title: 'Office', headingPath: ['Office', 'Parking'], text: 'Park on level -1.', url: null, score: 1, ranks: {} }],
    proposedActions: [],
    toolRuns: [],
    confidence: 0.5,
    reasons: [],
    decision: 'review',
    provenance: { model: null, promptVersion: 'answer-v1', passages: [], retrievalMode: 'lexical', selfAssessment: null, verifiedAnswerId: null, latencyMs: 1, inputTokens: 0, outputTokens: 0, modelError: null },
    ...overrides,
  };
}

/** An in-memory repository whose decide() is a compare-and-set, like the D1 UPDATE ... WHERE status = 'pending'. */
export class MemoryReviews implements ReviewRepository {
  readonly rows = new Map<string, Review>();
  async createForDraft(review: Review) {
    const existing = [...this.rows.values()].find((row) => row.draftId === review.draftId);
    if (existing) return existing;
    this.rows.set(review.id, { ...review });
    return review;
  }
  async get(id: string) {
    const row = this.rows.get(id);
    return row ? { ...row } : null;
  }
  async decide(id: string, status: Exclude<Review['status'], 'pending'>, decision: ReviewDecisionRecord) {
    await Promise.resolve();
    const row = this.rows.get(id);
    if (row?.status !== 'pending') return false;
    Object.assign(row, {
      status,
      decidedBy: decision.by,
      decidedAt: decision.at,
      finalText: decision.finalText,
      rejectReason: decision.rejectReason,
      runActions: decision.runActions,
      reuseRequested: decision.reuseRequested,
    });
    return true;
  }
  async setCard() {}
}

export function setup(options: { draft?: Draft; tools?: ToolRegistry | null } = {}) {
  const reviews = new MemoryReviews();
  const theDraft = options.draft ?? draft();
  reviews.rows.set('review-1', {
    id: 'review-1', draftId: theDraft.id, kind: 'review',
      channel: 'slack', destination, askerId: 'U1001', status: 'pending', createdAt: '2026-11-26T10:00:00Z',
    decidedAt: null, decidedBy: null, finalText: null, rejectReason: null, runActions: null, reuseRequested: false, card: null,
  });
  const posted: { key: string; reply: OutboundReply }[] = [];
  const claimed = new Set<string>();
  const examples = new Map<string, { source: string; finalAnswer: string }>();
  const verified: VerifiedAnswer[] = [];
  const ledgerState = new Map<string, ActionOutcome | 'running'>();
  const ledger: ActionLedger = {
    async claim(key) {
      const state = ledgerState.get(key);
      if (state === undefined) {
        ledgerState.set(key, 'running');
        return { state: 'claimed' };
      }
      return state === 'running' ? { state: 'running' } : { state: 'done', outcome: state };
    },
    async finish(key, outcome) {
      ledgerState.set(key, outcome);
    },
    async release(key) {
      ledgerState.delete(key);
    },
  };
  const service = new ReviewService({
    reviews,
    drafts: { get: async (id) => (id === theDraft.id ? theDraft : null) },
    // Idempotent by key, as the Slack and web channels are.
    reply: {
      async deliver(_destination, reply, key) {
        if (claimed.has(key)) return { delivered: false };
        claimed.add(key);
        posted.push({ key, reply });
        return { delivered: true };
      },
    },
    // Idempotent by review id, as the port requires.
    training: { record: async (example) => void examples.set(example.reviewId, example) },
    verified: { reusable: async () => verified, save: async (answer) => void (verified.some((row) => row.id === answer.id) || verified.push(answer)), recordUse: async () => {} },
    tools: options.tools ?? null,
    ledger,
    now: () => new Date('2026-11-26T10:05:00Z'),
  });
  return { service, reviews, posted, training: () => [...examples.values()], verified };
}

