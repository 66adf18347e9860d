import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ActionLedger, ActionOutcome } from '../answer/run-approved-action';
import type { Draft } from '../answer/types';
import type { VerifiedAnswer } from '../answer/verified-answers';
import { ToolRegistry } from '../tools/registry';
import { REJECTED_HOLDING_REPLY, ReviewError, ReviewService } from './review-service';
import type { Destination, OutboundReply, Review, ReviewRepository } from './types';

const destination: Destination = { kind: 'slack', channel: 'C1001', threadTs: '1700000000.000100' };

function draft(overrides: Partial<Draft> = {}): Draft {
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
class MemoryReviews implements ReviewRepository {
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
  async decide(id: string, status: Exclude<Review['status'], 'pending'>, decision: { by: string; at: string; finalText: string; rejectReason: string | null }) {
    await Promise.resolve();
    const row = this.rows.get(id);
    if (row?.status !== 'pending') return false;
    Object.assign(row, { status, decidedBy: decision.by, decidedAt: decision.at, finalText: decision.finalText, rejectReason: decision.rejectReason });
    return true;
  }
  async setCard() {}
}

function setup(options: { draft?: Draft; tools?: ToolRegistry | null } = {}) {
  const reviews = new MemoryReviews();
  const theDraft = options.draft ?? draft();
  reviews.rows.set('review-1', {
    id: 'review-1', draftId: theDraft.id, kind: 'review',
      channel: 'slack', destination, askerId: 'U1001', status: 'pending', createdAt: '2026-11-26T10:00:00Z',
    decidedAt: null, decidedBy: null, finalText: null, rejectReason: null, card: null,
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
    verified: { recent: async () => verified, save: async (answer) => void verified.push(answer) },
    tools: options.tools ?? null,
    ledger,
    now: () => new Date('2026-11-26T10:05:00Z'),
  });
  return { service, reviews, posted, training: () => [...examples.values()], verified };
}

describe('ReviewService.decide', () => {
  it('approves once however many clicks race, delivering the draft with its sources', async () => {
    const { service, posted, training, verified, reviews } = setup();
    const results = await Promise.all([1, 2, 3].map(() => service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001' })));
    expect(results.filter((result) => result.decidedNow)).toHaveLength(1);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ key: 'review:review-1', reply: { text: 'Park on level -1.', draft: { id: 'draft-1' } } });
    expect(training()).toEqual([expect.objectContaining({ source: 'approved', finalAnswer: 'Park on level -1.' })]);
    expect(new Set(verified.map((answer) => answer.answer))).toEqual(new Set(['Park on level -1.']));
    expect(reviews.rows.get('review-1')).toMatchObject({ status: 'approved', decidedBy: 'U2001', decidedAt: '2026-11-26T10:05:00.000Z' });
  });

  it('lets approve and reject race: one outcome, one delivery', async () => {
    const { service, posted, reviews } = setup();
    await Promise.all([
      service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001' }),
      service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2002', reason: 'wrong' }),
    ]);
    expect(posted).toHaveLength(1);
    const status = reviews.rows.get('review-1')!.status;
    expect(posted[0]!.reply.text).toBe(status === 'approved' ? 'Park on level -1.' : REJECTED_HOLDING_REPLY);
  });

  it('runs an approved action exactly once and reports its result to the asker', async () => {
    let runs = 0;
    const tools = new ToolRegistry().register({
      name: 'create_ticket',
      description: 'Open a ticket',
      kind: 'write',
      schema: z.object({ title: z.string() }),
      run: async () => `Ticket T-${++runs} created`,
    });
    const withAction = draft({ proposedActions: [{ tool: 'create_ticket', arguments: { title: 'Badge' }, summary: 'Open a ticket' }] });
    const { service, posted, verified } = setup({ draft: withAction, tools });
    await Promise.all([1, 2].map(() => service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001' })));
    expect(runs).toBe(1);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.reply.text).toBe('Park on level -1.\n\nTicket T-1 created');
    expect(verified).toEqual([]);
  });

  it('delivers an edit as the staff member wrote it, and keeps it as a better example', async () => {
    const { service, posted, training } = setup();
    await service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text: '  Level -1, badge from reception.  ' });
    expect(posted[0]?.reply).toEqual({ text: 'Level -1, badge from reception.', draft: null });
    expect(training()).toEqual([expect.objectContaining({ source: 'edited', finalAnswer: 'Level -1, badge from reception.' })]);
  });

  it('refuses an empty or oversized edit, and approving an empty draft, changing nothing', async () => {
    const { service, reviews, posted } = setup();
    await expect(service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text: ' ' })).rejects.toMatchObject({ code: 'invalid_text' });
    await expect(service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text: 'x'.repeat(3001) })).rejects.toBeInstanceOf(ReviewError);
    const empty = setup({ draft: draft({ answer: '' }) });
    await expect(empty.service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001' })).rejects.toMatchObject({ code: 'invalid_text' });
    expect(reviews.rows.get('review-1')!.status).toBe('pending');
    expect(posted).toEqual([]);
  });

  it('rejects with a holding reply, or with the staff reply kept for preference pairs', async () => {
    const plain = setup();
    await plain.service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2001', reason: 'outdated' });
    expect(plain.posted[0]?.reply.text).toBe(REJECTED_HOLDING_REPLY);
    expect(plain.training()).toEqual([]);
    expect(plain.reviews.rows.get('review-1')?.rejectReason).toBe('outdated');

    const withReply = setup();
    await withReply.service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2001', reason: 'wrong', text: 'Ask facilities.' });
    expect(withReply.posted[0]?.reply.text).toBe('Ask facilities.');
    expect(withReply.training()).toEqual([expect.objectContaining({ source: 'rejected_with_reply', finalAnswer: 'Ask facilities.' })]);
    expect(withReply.verified).toEqual([]);
  });

  it('reports an unknown review', async () => {
    const { service } = setup();
    await expect(service.decide({ reviewId: 'nope', decision: 'approve', actor: 'U2001' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
