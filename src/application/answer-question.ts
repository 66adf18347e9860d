import { stageAllowsSending } from '../domain/answer/policy';
import type { Draft } from '../domain/answer/types';
import { isSampled } from '../domain/review/sampling';
import { pendingReview, type Review } from '../domain/review/types';
import { draftReply } from './draft-reply';
import type { AnswerReplyChannel, AnsweringDependencies, HoldKind, QuestionSource, QueuedQuestion, StaffNotifier } from './ports';

/** The ports one answer runs over: where the question comes from, where the reply goes, who hears of reviews. */
export interface AnswerPorts {
  source: QuestionSource;
  reply: AnswerReplyChannel;
  staff: StaffNotifier;
}

/**
 * Answers one queued question, for every channel (run from the queue,
 * retried on failure). Each step is idempotent: the draft is attached to
 * the question once, every post is keyed by the question, the review is
 * unique per draft. So a redelivered question produces one reply.
 */
export async function answerQuestion(ports: AnswerPorts, deps: AnsweringDependencies): Promise<void> {
  if (!(await ports.source.claim())) return;
  try {
    const question = await ports.source.question();
    if (!question) return;
    const draft = await reuseOrDraft(question, ports, deps);
    if (mayStillSend(draft, question)) {
      await ports.reply.deliver(question.destination, { text: draft.answer, draft, author: 'bot' }, `reply:${question.key}`);
      // Replies that went out unreviewed are still graded afterwards, a share of them
      // (decided by the question's key, so a retry decides the same).
      if (question.stage === 'autonomous' && question.sampled && (await isSampled(question.key, deps.sampleRate))) await sample(question, draft, ports, deps);
    } else {
      await holdForStaff(question, draft, draft.decision === 'handoff' ? 'handoff' : 'review', ports, deps);
    }
    await ports.source.finish();
  } catch (error) {
    const outcome = await ports.source.failed(error);
    if (!outcome.retry) return;
    await ports.source.release();
    throw outcome.error;
  }
}

/**
 * Whether a draft decided `send` may still go out unreviewed now. A draft
 * attached on an earlier attempt was decided under the stage of that moment;
 * if the channel has since stepped down, it is reviewed rather than sent.
 */
export function mayStillSend(draft: Draft, question: Pick<QueuedQuestion, 'audience' | 'stage'>): boolean {
  return draft.decision === 'send' && stageAllowsSending(question.audience, question.stage);
}

async function reuseOrDraft(question: QueuedQuestion, ports: AnswerPorts, deps: AnsweringDependencies): Promise<Draft> {
  const existing = question.draftId ? await deps.drafts.get(question.draftId) : null;
  // A draft written for another audience (a Slack asker turned out to be a guest since) is never
  // reused: it may quote internal documents. A new draft for this audience takes its place.
  if (existing && existing.audience === question.audience) return existing;
  const draft = await draftReply(
    { text: question.text, audience: question.audience, history: await ports.source.history(), stage: question.stage, channelKind: question.channelKind, channel: question.channel, preview: question.preview },
    deps,
  );
  const winner = await ports.source.attachDraft(draft.id, existing?.id ?? null);
  return winner === draft.id ? draft : ((await deps.drafts.get(winner)) ?? draft);
}

/** A holding reply for the asker, a review for staff, and staff told of it. */
export async function holdForStaff(question: QueuedQuestion, draft: Draft, kind: HoldKind, ports: Omit<AnswerPorts, 'source'>, deps: AnsweringDependencies): Promise<void> {
  await ports.reply.hold(question.destination, kind, `holding:${question.key}`);
  const review = await createReview(question, draft, kind === 'failed' ? 'handoff' : kind, deps);
  if (!review.card) await ports.staff.reviewRequested(review, draft);
}

/** A sampled reply: a review to grade, and its card. The reply is already out, so the card is best effort. */
async function sample(question: QueuedQuestion, draft: Draft, ports: AnswerPorts, deps: AnsweringDependencies): Promise<void> {
  const review = await createReview(question, draft, 'sample', deps);
  if (review.card) return;
  await ports.staff.reviewRequested(review, draft).catch((error: unknown) => deps.log('sample-card-failed', { reviewId: review.id, channel: question.channelKind, error: (error as Error)?.name }));
}

/** The review for a draft (unique per draft: a retry gets the stored one back). */
function createReview(question: QueuedQuestion, draft: Draft, kind: Review['kind'], deps: Pick<AnsweringDependencies, 'reviews' | 'newId' | 'now'>): Promise<Review> {
  return deps.reviews.createForDraft(
    pendingReview({ id: deps.newId(), draftId: draft.id, kind, channel: question.channel, destination: question.destination, askerId: question.askerId, createdAt: deps.now().toISOString() }),
  );
}
