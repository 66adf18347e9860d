import type { WebClient } from '@slack/web-api';
import type { D1DeliveryLedger } from '../d1/d1-delivery-ledger';
import type { D1SlackAnswers } from '../d1/d1-slack-answers';
import type { AnswerReplyChannel, HoldKind } from '../../application/ports';
import type { Destination, OutboundReply } from '../../domain/review/types';
import { answerMessage, holdingMessage } from './blocks/answer-message';
import { markdownToMrkdwn } from './blocks/mrkdwn';
import { STRINGS } from './blocks/strings';
import { classifySlackError } from './slack-errors';

/** Every message we post carries its delivery key, so a retry can find it. */
export const DELIVERY_EVENT_TYPE = 'countersign_delivery';

/** Attempts per post before the failure goes to the caller (the queue retries, or staff are told). */
const POST_ATTEMPTS = 3;
const BACKOFF_MS = 200;
/** The longest Retry-After waited out here; a longer pause is left to the caller's retry. */
const MAX_WAIT_MS = 10_000;

/**
 * Posts replies into Slack threads exactly once per key: the key is claimed
 * in D1 before posting; when an earlier attempt claimed it and never recorded
 * the outcome (it may have crashed right after posting), the thread is
 * searched for a message carrying the key in its metadata before posting again.
 * Failed posts are retried here the same way, so the client must not retry
 * them by itself: a blind retry of a post whose answer was lost (a 5xx or a
 * reset after Slack stored the message) posts it twice.
 */
export class SlackReplyChannel implements AnswerReplyChannel {
  constructor(
    /** Without retries of its own (retries: 0, rejectRateLimitedCalls). */
    private readonly client: WebClient,
    private readonly ledger: D1DeliveryLedger,
    /** Where answers went, so feedback clicks can be checked against them. */
    private readonly answers: Pick<D1SlackAnswers, 'remember'> | null = null,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    /** True where answers render natively (the assistant pane): markdown block, Slack's feedback buttons. */
    private readonly native: (destination: { channel: string; threadTs: string }) => Promise<boolean> = async () => false,
  ) {}

  async deliver(destination: Destination, reply: OutboundReply, key: string): Promise<{ delivered: boolean }> {
    if (destination.kind !== 'slack') throw new Error(`SlackReplyChannel cannot deliver to ${destination.kind}`);
    const message = reply.draft
      ? answerMessage({ draftId: reply.draft.id, answer: reply.text, mode: reply.draft.mode, citations: reply.draft.citations, native: await this.native(destination) })
      : { text: reply.author === 'staff' ? `${STRINGS.answer.fromStaff}\n${markdownToMrkdwn(reply.text)}` : markdownToMrkdwn(reply.text), blocks: undefined };
    const ts = await this.post(key, { channel: destination.channel, thread_ts: destination.threadTs, text: message.text, blocks: message.blocks });
    // Also when ts is null (posted by an earlier attempt): the record is idempotent.
    if (reply.draft) await this.answers?.remember(reply.draft.id, destination.channel, ts);
    return { delivered: ts !== null };
  }

  /** The holding message in the question's thread: staff have it (a question that failed for good is a handoff). */
  async hold(destination: Destination, kind: HoldKind, key: string): Promise<void> {
    if (destination.kind !== 'slack') throw new Error(`SlackReplyChannel cannot hold ${destination.kind}`);
    const holding = holdingMessage(kind === 'failed' ? 'handoff' : kind);
    await this.post(key, { channel: destination.channel, thread_ts: destination.threadTs, text: holding.text, blocks: holding.blocks });
  }

  /**
   * Posts once per key; returns the new message's ts (also when an answer was
   * lost and the post found), or null when an earlier call had already posted
   * it (or another worker is posting it right now).
   */
  async post(key: string, message: { channel: string; thread_ts?: string; text: string; blocks?: unknown[] }): Promise<string | null> {
    const claim = await this.ledger.claim(key);
    if (claim.state === 'sent' || claim.state === 'in-progress') return null;
    let mayHavePosted = claim.state === 'unknown';
    for (let attempt = 1; ; attempt++) {
      try {
        if (mayHavePosted) {
          const existing = await this.findPosted(key, message.channel, message.thread_ts);
          if (existing) {
            await this.ledger.markSent(key, existing);
            // Found after one of our own attempts: this call posted it.
            return attempt > 1 ? existing : null;
          }
        }
        const response = await this.client.chat.postMessage({
          channel: message.channel,
          ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks as never } : {}),
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key } },
        });
        await this.ledger.markSent(key, response.ts ?? null);
        return response.ts ?? null;
      } catch (error) {
        const failure = classifySlackError(error);
        const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
        const wait = typeof retryAfter === 'number' ? retryAfter * 1000 : BACKOFF_MS * 2 ** (attempt - 1);
        if (!failure.retryable || attempt >= POST_ATTEMPTS || wait > MAX_WAIT_MS) {
          await this.ledger.markFailed(key, failure.code);
          throw failure;
        }
        // Only a rate limit says for sure that nothing was posted.
        mayHavePosted ||= failure.code !== 'ratelimited';
        await this.sleep(wait);
      }
    }
  }

  private async findPosted(key: string, channel: string, threadTs: string | undefined): Promise<string | null> {
    const recent = threadTs
      ? await this.client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200 })
      : await this.client.conversations.history({ channel, include_all_metadata: true, limit: 100 });
    const found = (recent.messages ?? []).find(
      (message) => message.metadata?.event_type === DELIVERY_EVENT_TYPE && (message.metadata.event_payload as { key?: string } | undefined)?.key === key,
    );
    return found?.ts ?? null;
  }
}
