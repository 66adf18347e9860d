import { describe, expect, it } from 'vitest';
import type { AnswerEngine } from '../domain/answer/answer-engine';
import type { Draft, QuestionInput } from '../domain/answer/types';
import { draft as draftFixture, MemoryReviews } from '../domain/review/review-fixtures.testing';
import type { Destination, OutboundReply, Review } from '../domain/review/types';
import { answerQuestion } from './answer-question';
import { giveUpOnQuestion } from './give-up-on-question';
import type { AnsweringDependencies, HoldKind, QuestionSource, QueuedQuestion } from './ports';

// The one answering path over hand-written fakes that record their calls: the
// same steps for a Slack-shaped and a web-shaped question.

const slackQuestion: QueuedQuestion = {
  key: 'slack:Ev1',
  text: 'where are the lockers?',
  audience: 'employee',
  channel: 'slack',
  channelKind: 'slack',
  stage: 'autonomous',
  sampled: true,
  preview: false,
  destination: { kind: 'slack', channel: 'C1001', threadTs: '1700000000.000100' },
  askerId: 'U1',
  draftId: null,
};
const webQuestion: QueuedQuestion = {
  ...slackQuestion,
  key: 'msg-1',
  audience: 'customer',
  channel: 'web',
  channelKind: 'web',
  destination: { kind: 'web', conversationId: 'conv-1', messageId: 'msg-1' },
  askerId: 'web:conv-1',
};

class FakeSource implements QuestionSource {
  readonly calls: string[] = [];
  attached: string | null;
  constructor(
    private readonly queued: QueuedQuestion,
    private readonly onFailure: 'retry' | 'kept' = 'retry',
  ) {
    this.attached = queued.draftId;
  }
  async claim() { this.calls.push('claim'); return true; }
  async question() { this.calls.push('question'); return { ...this.queued, draftId: this.attached }; }
  async history() { return [{ role: 'user' as const, text: 'earlier turn' }]; }
  async attachDraft(draftId: string, replacing: string | null) {
    this.calls.push(`attach:${draftId}:${replacing ?? '-'}`);
    if (this.attached === null || this.attached === replacing) this.attached = draftId;
    return this.attached;
  }
  async finish() { this.calls.push('finish'); }
  async failed(error: unknown) {
    this.calls.push('failed');
    return this.onFailure === 'retry' ? { retry: true as const, error } : { retry: false as const };
  }
  async release() { this.calls.push('release'); }
}

class FakeReply {
  readonly delivered: { destination: Destination; reply: OutboundReply; key: string }[] = [];
  readonly held: { kind: HoldKind; key: string }[] = [];
  failWith: Error | null = null;
  async deliver(destination: Destination, reply: OutboundReply, key: string) {
    if (this.failWith) throw this.failWith;
    this.delivered.push({ destination, reply, key });
    return { delivered: true };
  }
  async hold(_destination: Destination, kind: HoldKind, key: string) { this.held.push({ kind, key }); }
}

class FakeStaff {
  readonly told: string[] = [];
  failWith: Error | null = null;
  async reviewRequested(review: Review) {
    if (this.failWith) throw this.failWith;
    this.told.push(`${review.kind}:${review.draftId}`);
  }
}

function harness(options: { decision?: Draft['decision']; sampleRate?: number; stored?: Draft[] } = {}) {
  const drafts = new Map<string, { draft: Draft; channel: string }>((options.stored ?? []).map((draft) => [draft.id, { draft, channel: 'stored' }]));
  const asked: { input: QuestionInput; channel: string | null }[] = [];
  const logs: string[] = [];
  let next = 0;
  const deps: AnsweringDependencies = {
    drafts: { get: async (id) => drafts.get(id)?.draft ?? null, save: async (draft, channel) => void drafts.set(draft.id, { draft, channel }) },
    reviews: new MemoryReviews(),
    engine: async (_audience, channel) =>
      ({
        answer: async (input: QuestionInput) => {
          asked.push({ input, channel });
          return draftFixture({ id: `new-draft-${++next}`, audience: input.audience, stage: input.stage, decision: options.decision ?? 'send' });
        },
      }) as unknown as AnswerEngine,
    sampleRate: options.sampleRate ?? 0,
    newId: () => `review-${++next}`,
    now: () => new Date('2026-12-01T10:00:00Z'),
    log: (event) => void logs.push(event),
  };
  return { deps, drafts, asked, logs, reviews: deps.reviews as MemoryReviews, reply: new FakeReply(), staff: new FakeStaff() };
}

describe.each([
  ['a Slack employee question', slackQuestion, 'supervised' as const],
  ['a web customer question', webQuestion, 'supervised' as const],
])('answerQuestion: %s redelivered after a step-down', (_name, queued, steppedDownTo) => {
  it('holds the earlier `send` draft for review instead of sending it, and drafts nothing new', async () => {
    const earlier = draftFixture({ id: 'earlier', audience: queued.audience, decision: 'send', stage: 'autonomous' });
    const h = harness({ stored: [earlier] });
    const source = new FakeSource({ ...queued, stage: steppedDownTo, draftId: 'earlier' });
    await answerQuestion({ source, reply: h.reply, staff: h.staff }, h.deps);
    expect(h.reply.delivered).toEqual([]);
    expect(h.reply.held).toEqual([{ kind: 'review', key: `holding:${queued.key}` }]);
    expect(h.staff.told).toEqual(['review:earlier']);
    expect([...h.reviews.rows.values()].map((review) => [review.kind, review.channel, review.askerId])).toEqual([['review', queued.channel, queued.askerId]]);
    expect(h.asked).toEqual([]);
    expect(source.calls).toEqual(['claim', 'question', 'finish']);
  });
});

describe('answerQuestion', () => {
  it('sends a confident draft under autonomous, keyed by the question, and drafts with the channel, its kind and the history', async () => {
    const h = harness();
    const source = new FakeSource(webQuestion);
    await answerQuestion({ source, reply: h.reply, staff: h.staff }, h.deps);
    expect(h.reply.delivered.map((delivery) => [delivery.key, delivery.reply.draft?.id])).toEqual([['reply:msg-1', 'new-draft-1']]);
    expect(h.asked).toEqual([{ input: { text: webQuestion.text, audience: 'customer', history: [{ role: 'user', text: 'earlier turn' }], stage: 'autonomous', channelKind: 'web' }, channel: 'web' }]);
    expect(h.drafts.get('new-draft-1')?.channel).toBe('web');
    expect(source.calls).toEqual(['claim', 'question', 'attach:new-draft-1:-', 'finish']);
  });

  it('never reuses a draft written for another audience: a new one replaces it', async () => {
    const internal = draftFixture({ id: 'for-employee', audience: 'employee', decision: 'send' });
    const h = harness({ stored: [internal] });
    const source = new FakeSource({ ...slackQuestion, audience: 'customer', draftId: 'for-employee' });
    await answerQuestion({ source, reply: h.reply, staff: h.staff }, h.deps);
    expect(source.calls).toContain('attach:new-draft-1:for-employee');
    expect(h.reply.delivered.map((delivery) => delivery.reply.draft?.id)).toEqual(['new-draft-1']);
  });

  it('takes the winning draft when another attempt attached one first', async () => {
    const theirs = draftFixture({ id: 'theirs', audience: 'customer', decision: 'handoff' });
    const h = harness({ stored: [theirs] });
    const source = new FakeSource(webQuestion);
    source.attachDraft = async () => 'theirs';
    await answerQuestion({ source, reply: h.reply, staff: h.staff }, h.deps);
    expect(h.reply.held).toEqual([{ kind: 'handoff', key: 'holding:msg-1' }]);
    expect(h.staff.told).toEqual(['handoff:theirs']);
  });

  it('samples sent replies for grading, except for previews, and a failed card is only logged', async () => {
    const h = harness({ sampleRate: 1 });
    h.staff.failWith = new Error('slack down');
    await answerQuestion({ source: new FakeSource(slackQuestion), reply: h.reply, staff: h.staff }, h.deps);
    expect([...h.reviews.rows.values()].map((review) => review.kind)).toEqual(['sample']);
    expect(h.logs).toContain('sample-card-failed');

    const preview = harness({ sampleRate: 1 });
    await answerQuestion({ source: new FakeSource({ ...webQuestion, sampled: false }), reply: preview.reply, staff: preview.staff }, preview.deps);
    expect(preview.reply.delivered).toHaveLength(1);
    expect(preview.reviews.rows.size).toBe(0);
  });

  it('releases the claim and rethrows a retryable failure; keeps a permanent one without retrying', async () => {
    const h = harness();
    h.reply.failWith = new Error('timeout');
    const retried = new FakeSource(slackQuestion, 'retry');
    await expect(answerQuestion({ source: retried, reply: h.reply, staff: h.staff }, h.deps)).rejects.toThrow('timeout');
    expect(retried.calls.slice(-2)).toEqual(['failed', 'release']);

    const kept = new FakeSource(slackQuestion, 'kept');
    await answerQuestion({ source: kept, reply: h.reply, staff: h.staff }, h.deps);
    expect(kept.calls).not.toContain('release');
    expect(kept.calls.at(-1)).toBe('failed');
  });

  it('does nothing when the source has nothing to answer', async () => {
    const h = harness();
    const source = new FakeSource(webQuestion);
    source.claim = async () => false;
    await answerQuestion({ source, reply: h.reply, staff: h.staff }, h.deps);
    expect(h.asked).toEqual([]);
    expect(h.reply.delivered).toEqual([]);
  });
});

describe('giveUpOnQuestion', () => {
  it('holds with the failure message and hands the question to staff with a failure draft', async () => {
    const h = harness();
    await giveUpOnQuestion({ source: new FakeSource(webQuestion), reply: h.reply, staff: h.staff }, h.deps);
    expect(h.reply.held).toEqual([{ kind: 'failed', key: 'holding:msg-1' }]);
    const [review] = [...h.reviews.rows.values()];
    expect(review?.kind).toBe('handoff');
    expect(h.drafts.get(review!.draftId)?.draft.decision).toBe('handoff');
  });

  it('finishes normally when another attempt drafted an answer meanwhile', async () => {
    const drafted = draftFixture({ id: 'drafted', audience: 'customer', decision: 'send' });
    const h = harness({ stored: [drafted] });
    await giveUpOnQuestion({ source: new FakeSource({ ...webQuestion, draftId: 'drafted' }), reply: h.reply, staff: h.staff }, h.deps);
    expect(h.reply.held).toEqual([]);
    expect(h.reply.delivered.map((delivery) => delivery.reply.draft?.id)).toEqual(['drafted']);
  });
});
