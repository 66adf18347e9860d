import type { AnswerEngine } from '../../domain/answer/answer-engine';
import { failureDraft } from '../../domain/answer/failure-draft';
import { stageAllowsSending } from '../../domain/answer/policy';
import type { Draft, RolloutStage } from '../../domain/answer/types';
import type { ChannelRepository } from '../../domain/rollout/types';
import { type Destination, pendingReview, type Review, type ReviewRepository } from '../../domain/review/types';
import type { Conversation, QuestionToAnswer } from '../../platform/conversation';
import type { D1DraftStore } from '../d1/d1-draft-store';
import { isSampled } from '../../domain/review/sampling';
import { WEB_STRINGS } from './strings';
import type { WebReplyChannel } from './web-reply-channel';

type WebDestination = Extract<Destination, { kind: 'web' }>;

export interface WebMessageDependencies {
  conversations: DurableObjectNamespace<Conversation>;
  channels: ChannelRepository;
  drafts: D1DraftStore;
  reviews: ReviewRepository;
  reply: WebReplyChannel;
  /** The engine for the question's channel (its calibration decides what is sent). */
  engine: (channel: string) => Promise<AnswerEngine>;
  sampleRate: number;
  /** Tells staff about a new review (a Slack card), when Slack is configured. Best effort. */
  notifyStaff: ((review: Review, draft: Draft) => Promise<void>) | null;
  newId(): string;
  now(): Date;
  log(event: string, fields: Record<string, unknown>): void;
}

/**
 * Answers one stored customer message (run from the queue, retried on
 * failure). Idempotent at every step: the draft is attached to the message
 * once, every reply is delivered by a key derived from the message, the
 * review is unique per draft. The customer audience only ever searches
 * public documents (the engine's reader for 'customer').
 */
export async function processWebMessage(job: { conversationId: string; messageId: string }, deps: WebMessageDependencies): Promise<void> {
  const stub = deps.conversations.get(deps.conversations.idFromName(job.conversationId));
  const claim = await stub.claim(job.messageId);
  if (claim === 'missing') return deps.log('web-message-missing', job);
  if (claim === 'answered') return;
  // Another attempt is answering it; the queue retries this one later, and by then it is answered.
  if (claim === 'busy') throw new QuestionBusyError();
  try {
    await answer(job, stub, deps);
  } catch (error) {
    await stub.release(job.messageId).catch(() => {});
    throw error;
  }
}

export class QuestionBusyError extends Error {
  override name = 'QuestionBusyError';
  constructor() {
    super('Another attempt is answering this question.');
  }
}

async function answer(job: { conversationId: string; messageId: string }, stub: DurableObjectStub<Conversation>, deps: WebMessageDependencies): Promise<void> {
  const question = await stub.question(job.messageId);
  if (!question || question.answered) return;
  const { stage, previewing } = await stageFor(question, deps);
  const draft = await draftFor(question, stage, deps, stub);
  const destination: WebDestination = { kind: 'web', conversationId: job.conversationId, messageId: job.messageId };

  // A draft attached on an earlier attempt was decided under the stage of that moment;
  // if the channel has since stepped down, it is reviewed rather than sent.
  const send = draft.decision === 'send' && stageAllowsSending('customer', stage);
  if (send) {
    await deps.reply.deliver(destination, { text: draft.answer, draft }, `reply:${job.messageId}`);
    // Replies that went out unreviewed are still graded afterwards, a share of them.
    if (stage === 'autonomous' && !previewing && (await isSampled(job.messageId, deps.sampleRate))) {
      await notify(await createReview(question, draft, 'sample', destination, deps), draft, deps);
    }
    return;
  }
  const kind = draft.decision === 'handoff' ? 'handoff' : 'review';
  await holdForStaff(question, draft, kind, WEB_STRINGS.holding[kind], destination, deps);
}

/**
 * The question kept failing (its queue message went to the dead letters):
 * the customer gets a holding reply and staff a handoff review, unless
 * another attempt drafted an answer meanwhile, which then finishes normally.
 */
export async function giveUpOnWebMessage(job: { conversationId: string; messageId: string }, deps: WebMessageDependencies): Promise<void> {
  const stub = deps.conversations.get(deps.conversations.idFromName(job.conversationId));
  const question = await stub.question(job.messageId);
  if (!question || question.answered) return;
  deps.log('web-question-failed', job);
  const draft = failureDraft(
    { text: question.question.text, audience: 'customer', history: [], stage: 'supervised' },
    'Answering failed after every retry: a teammate must reply.',
    deps.newId(),
    deps.now(),
  );
  await deps.drafts.save(draft, question.meta.channel, { preview: question.meta.preview });
  if ((await stub.attachDraft(job.messageId, draft.id)) !== draft.id) return processWebMessage(job, deps);
  await holdForStaff(question, draft, 'handoff', WEB_STRINGS.holding.failed, { kind: 'web', ...job }, deps);
}

/** A holding reply for the customer and a review for staff (with a Slack card when Slack is on). */
async function holdForStaff(question: QuestionToAnswer, draft: Draft, kind: 'review' | 'handoff', text: string, destination: WebDestination, deps: WebMessageDependencies): Promise<void> {
  await deps.reply.post(destination, { kind: 'holding', text, sources: [], draftId: null }, `holding:${destination.messageId}`);
  await notify(await createReview(question, draft, kind, destination, deps), draft, deps);
}

/**
 * The stage the answer is drafted under. While a channel is internal, staff
 * previews see the bot as it would answer unsupervised (their feedback is
 * what the sign-off to supervised weighs), and a public session left over
 * from a later stage is answered only after review. Once the channel is
 * public, previews are ordinary sessions.
 */
async function stageFor(question: QuestionToAnswer, deps: WebMessageDependencies): Promise<{ stage: RolloutStage; previewing: boolean }> {
  const stage = (await deps.channels.get(question.meta.channel))?.stage ?? 'internal';
  if (stage !== 'internal') return { stage, previewing: false };
  return question.meta.preview ? { stage: 'autonomous', previewing: true } : { stage: 'supervised', previewing: false };
}

async function draftFor(question: QuestionToAnswer, stage: RolloutStage, deps: WebMessageDependencies, stub: DurableObjectStub<Conversation>): Promise<Draft> {
  if (question.draftId) {
    const existing = await deps.drafts.get(question.draftId);
    if (existing) return existing;
  }
  const engine = await deps.engine(question.meta.channel);
  const draft = await engine.answer({ text: question.question.text, audience: 'customer', history: question.history, stage, channelKind: 'web' });
  await deps.drafts.save(draft, question.meta.channel, { preview: question.meta.preview });
  const winner = await stub.attachDraft(question.question.id, draft.id);
  return winner === draft.id ? draft : ((await deps.drafts.get(winner)) ?? draft);
}

export function createReview(question: QuestionToAnswer, draft: Draft, kind: Review['kind'], destination: Destination, deps: Pick<WebMessageDependencies, 'reviews' | 'newId' | 'now'>): Promise<Review> {
  return deps.reviews.createForDraft(
    pendingReview({
      id: deps.newId(),
      draftId: draft.id,
      kind,
      channel: question.meta.channel,
      destination,
      askerId: `web:${question.meta.conversationId.slice(0, 8)}`,
      createdAt: deps.now().toISOString(),
    }),
  );
}

async function notify(review: Review, draft: Draft, deps: WebMessageDependencies): Promise<void> {
  if (!deps.notifyStaff || review.card) return;
  // The review is stored and shown in the console: a Slack outage must not fail the answer.
  await deps.notifyStaff(review, draft).catch((error: unknown) => deps.log('web-review-notify-failed', { reviewId: review.id, error: (error as Error).name }));
}
