import type { WebClient } from '@slack/web-api';
import type { AnswerEngine } from '../../domain/answer/answer-engine';
import { stageAllowsSending } from '../../domain/answer/policy';
import type { AskerAudience, ConversationTurn, Draft, RolloutStage } from '../../domain/answer/types';
import { isSampled } from '../../domain/review/sampling';
import { type Destination, pendingReview, type Review, type ReviewRepository } from '../../domain/review/types';
import type { D1DraftStore } from '../d1/d1-draft-store';
import { type AskerDirectory, type AskerVerdict, askerVerdict, ignoresAsker } from './asker-audience';
import { holdingMessage } from './blocks/answer-message';
import { mention } from './blocks/review-card';
import { postReviewCard } from './post-review-card';
import type { SlackInboundStore } from './inbound-store';
import { recordedEnvelope } from './payloads/event-callback';
import { classifyMessage, questionOf, questionText, type SlackMessageEvent } from './slack-event';
import { classifySlackError, SlackDeliveryError } from './slack-errors';
import type { SlackReplyChannel } from './slack-reply-channel';
import type { QuestionSurface } from './assistant/question-surface';

export interface QuestionProcessorDependencies {
  client: WebClient;
  inbound: SlackInboundStore;
  drafts: D1DraftStore;
  reviews: ReviewRepository;
  reply: SlackReplyChannel;
  /** The engine for an audience: employees read internal and public documents, customers public only. */
  engine: (audience: AskerAudience) => Promise<AnswerEngine>;
  botUserId: string | null;
  /** The workspace the app serves: askers from any other are outsiders. */
  teamId: string;
  askers: AskerDirectory;
  /** Outsiders (Slack Connect users, guests) are answered from public documents, or ignored. */
  outsiders: 'public' | 'ignore';
  staffChannel: string;
  stage: RolloutStage;
  /** Share of replies sent unreviewed in `autonomous` that staff grade afterwards (SAMPLE_RATE). */
  sampleRate: number;
  newId(): string;
  now(): Date;
  log(event: string, fields: Record<string, unknown>): void;
  /** The assistant pane's status, title and context for a question asked there; null elsewhere (the reaction). */
  surface?: (event: SlackMessageEvent, raw: Record<string, unknown>) => Promise<QuestionSurface | null>;
}

/** Earlier thread messages given to the engine as conversation history. */
const HISTORY_MESSAGES = 20;
const WORKING_REACTION = 'eyes';

/**
 * Answers one recorded Slack event (run from the queue, retried on failure).
 * Each step is idempotent: the draft is attached to the event once, every
 * post is claimed by a key derived from the event, the review is unique per
 * draft. So a redelivered message, or two events for the same Slack
 * message, produce one reply.
 */
export async function processSlackEvent(eventKey: string, deps: QuestionProcessorDependencies): Promise<void> {
  const claim = await deps.inbound.claimProcessing(eventKey);
  if (claim === 'finished') return;
  // Another worker is on it; if it crashed, its claim goes stale and a later retry takes over.
  if (claim === 'busy') throw new SlackDeliveryError('event_in_progress', true);
  const record = (await deps.inbound.get(eventKey))!;
  // A record that is no event envelope has no event: the classifier ignores it.
  const envelope: Record<string, unknown> & { event?: Record<string, unknown> } = recordedEnvelope(record.payload) ?? {};
  const classification = await classifyMessage(envelope.event, deps.botUserId, (channel, threadTs) => deps.inbound.isAnsweredThread(channel, threadTs));
  if (classification.kind === 'ignore') {
    await deps.inbound.setStatus(eventKey, 'ignored', classification.reason.slice(0, 100));
    return;
  }
  const event = classification.event;
  if (!(await deps.inbound.claimMessage(event.channel, event.ts, eventKey))) {
    await deps.inbound.setStatus(eventKey, 'ignored', 'same message as another event');
    return;
  }

  let surface: QuestionSurface | null = null;
  try {
    const verdict = askerVerdict(envelope, event, await deps.askers.facts(event.user), deps.teamId);
    if (ignoresAsker(verdict, deps.outsiders)) {
      deps.log('slack-outsider-ignored', { eventKey, outsider: verdict.outsider });
      await deps.inbound.setStatus(eventKey, 'ignored', `outsider: ${verdict.outsider}`);
      return;
    }
    surface = (await deps.surface?.(event, envelope.event ?? {})) ?? reactionSurface(deps, event);
    await surface.start();
    const draft = await draftFor(eventKey, record.draftId, event, verdict.audience, deps, surface.context);
    const destination: Destination = { kind: 'slack', channel: event.channel, threadTs: event.threadTs ?? event.ts, ...(verdict.outsider ? { outsider: verdict.outsider } : {}) };
    if (mayStillSend(draft, verdict, deps.stage)) {
      await deps.reply.deliver(destination, { text: draft.answer, draft }, `reply:${eventKey}`);
      // Replies that went out unreviewed are still graded afterwards, a share of them
      // (decided by the event key, so a retry decides the same).
      if (deps.stage === 'autonomous' && (await isSampled(eventKey, deps.sampleRate))) await sample(draft, destination, event, deps);
    } else {
      const kind = draft.decision === 'handoff' ? 'handoff' : 'review';
      const holding = holdingMessage(kind);
      await deps.reply.post(`holding:${eventKey}`, { channel: event.channel, thread_ts: event.threadTs ?? event.ts, text: holding.text, blocks: holding.blocks });
      const review = await createReview(draft, kind, destination, event, deps);
      await postCard(review, draft, event, deps);
    }
    await deps.inbound.rememberThread(event.channel, event.threadTs ?? event.ts);
    await surface.stop();
    await deps.inbound.setStatus(eventKey, 'done');
  } catch (error) {
    await surface?.onError?.();
    const failure = classifySlackError(error);
    if (failure.retryable) {
      await deps.inbound.release(eventKey);
      throw failure;
    }
    // Permanent: retrying cannot help. Keep the question (it stays in D1) and tell staff.
    await deps.inbound.setStatus(eventKey, 'failed', failure.code);
    deps.log('slack-question-failed', { eventKey, code: failure.code });
    await notifyStaffOfFailure(deps.client, deps.staffChannel, event, failure.code, "invite me to the channel or check the app's token.");
  }
}

/**
 * Whether a draft decided `send` may still go out unreviewed now. A draft
 * attached on an earlier attempt was decided under the stage of that moment;
 * if the channel has since stepped down, it is reviewed rather than sent.
 */
function mayStillSend(draft: Draft, verdict: AskerVerdict, stage: RolloutStage): boolean {
  return draft.decision === 'send' && stageAllowsSending(verdict.audience, stage);
}

async function draftFor(
  eventKey: string,
  existingDraftId: string | null,
  event: SlackMessageEvent,
  audience: AskerAudience,
  deps: QuestionProcessorDependencies,
  context: ConversationTurn[] = [],
): Promise<Draft> {
  const existing = existingDraftId ? await deps.drafts.get(existingDraftId) : null;
  // A draft written for another audience (the asker turned out to be a guest since) is never reused:
  // it may quote internal documents. A new draft for this audience takes its place.
  if (existing && existing.audience === audience) return existing;
  const engine = await deps.engine(audience);
  const draft = await engine.answer({
    text: questionOf(event, deps.botUserId),
    audience,
    history: [...context, ...(await threadHistory(event, deps))],
    stage: deps.stage,
    channelKind: 'slack',
  });
  await deps.drafts.save(draft);
  const winner = await deps.inbound.attachDraft(eventKey, draft.id, existing?.id ?? null);
  return winner === draft.id ? draft : ((await deps.drafts.get(winner)) ?? draft);
}

async function threadHistory(event: SlackMessageEvent, deps: QuestionProcessorDependencies): Promise<ConversationTurn[]> {
  if (!event.threadTs || event.threadTs === event.ts) return [];
  // History helps with follow-ups but is not worth failing an answer over.
  const replies = await deps.client.conversations.replies({ channel: event.channel, ts: event.threadTs, limit: HISTORY_MESSAGES + 1 }).catch((error: unknown) => {
    deps.log('slack-history-unavailable', { code: classifySlackError(error).code });
    return { messages: [] };
  });
  return (replies.messages ?? [])
    .filter((message) => message.ts !== event.ts && typeof message.text === 'string')
    .slice(-HISTORY_MESSAGES)
    .map((message) => ({
      role: message.bot_id || message.user === deps.botUserId ? 'assistant' : 'user',
      text: questionText(message.text ?? '', deps.botUserId),
    }));
}

function createReview(draft: Draft, kind: Review['kind'], destination: Destination, event: SlackMessageEvent, deps: QuestionProcessorDependencies): Promise<Review> {
  return deps.reviews.createForDraft(
    pendingReview({ id: deps.newId(), draftId: draft.id, kind, channel: 'slack', destination, askerId: event.user, createdAt: deps.now().toISOString() }),
  );
}

/** A sampled reply: a review to grade, and its card. The reply is already out, so the card is best effort. */
async function sample(draft: Draft, destination: Destination, event: SlackMessageEvent, deps: QuestionProcessorDependencies): Promise<void> {
  const review = await createReview(draft, 'sample', destination, event, deps);
  await postCard(review, draft, event, deps).catch((error: unknown) => deps.log('slack-sample-card-failed', { reviewId: review.id, code: classifySlackError(error).code }));
}

async function postCard(review: Review, draft: Draft, event: SlackMessageEvent, deps: QuestionProcessorDependencies): Promise<void> {
  if (review.card) return;
  const permalink = await deps.client.chat
    .getPermalink({ channel: event.channel, message_ts: event.ts })
    .then((response) => response.permalink ?? null)
    .catch(() => null);
  await postReviewCard(deps, review, draft, permalink);
}

/** Outside the assistant pane, an :eyes: reaction on the question says it is being worked on. */
function reactionSurface(deps: QuestionProcessorDependencies, event: SlackMessageEvent): QuestionSurface {
  return { start: () => react(deps, 'add', event), stop: () => react(deps, 'remove', event), context: [] };
}

async function react(deps: QuestionProcessorDependencies, change: 'add' | 'remove', event: SlackMessageEvent): Promise<void> {
  try {
    if (change === 'add') await deps.client.reactions.add({ channel: event.channel, timestamp: event.ts, name: WORKING_REACTION });
    else await deps.client.reactions.remove({ channel: event.channel, timestamp: event.ts, name: WORKING_REACTION });
  } catch (error) {
    // The reaction is a courtesy: never fail (or retry) an answer over it.
    deps.log('slack-reaction-failed', { change, code: classifySlackError(error).code });
  }
}

/**
 * Tells staff a question went unanswered (the question itself stays in D1).
 * Used for permanent Slack errors and for dead letters. Best effort.
 */
export async function notifyStaffOfFailure(
  client: WebClient,
  staffChannel: string,
  asker: { user?: unknown; channel?: unknown },
  code: string,
  advice: string,
): Promise<void> {
  const who = typeof asker.user === 'string' ? mention(asker.user, '@') : 'someone';
  const where = typeof asker.channel === 'string' ? ` in ${mention(asker.channel, '#')}` : '';
  await client.chat
    .postMessage({ channel: staffChannel, text: `I could not answer a question from ${who}${where} (\`${code}\`). The question is kept; ${advice}` })
    .catch(() => {});
}
