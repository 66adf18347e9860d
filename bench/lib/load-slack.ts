import type { FakeSlack, RecordedCall, StoredMessage } from '../../test/support/fake-slack/server';
import { networkCode } from './load-figures';
import { appMentionEnvelope, signBody } from './signed-events';

export type SlackAskOutcome =
  | { ok: true; ackMs: number; replyMs: number }
  /** The event was not acknowledged with a 200 (`http-503`, `network ECONNRESET` ...). */
  | { ok: false; error: string; ackMs: number | null }
  /** Acknowledged, but nothing was posted in the thread within the timeout. */
  | { ok: false; error: 'timeout'; ackMs: number };

/**
 * Notices the bot's posts in question threads the moment the fake Slack Web
 * API receives them. The fake records each request synchronously as it
 * arrives; wrapping the push onto its `calls` array gives the arrival time
 * without polling (and without changing the fake).
 */
export class SlackReplyWatcher {
  private readonly waiters = new Map<string, { settle: (at: number | null) => void; timer: NodeJS.Timeout }>();
  private readonly calls: RecordedCall[];

  constructor(
    fake: FakeSlack,
    private readonly channel: string,
  ) {
    const calls = fake.calls as RecordedCall[];
    this.calls = calls;
    Object.defineProperty(calls, 'push', {
      configurable: true,
      writable: true,
      value: (...items: RecordedCall[]) => {
        const length = Array.prototype.push.apply(calls, items);
        for (const item of items) this.seen(item);
        return length;
      },
    });
  }

  /** Resolves with the time (performance.now()) the bot posted in the thread of `threadTs`, or null after the timeout. */
  wait(threadTs: string, timeoutMs: number): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(threadTs, null), timeoutMs);
      this.waiters.set(threadTs, { settle: resolve, timer });
    });
  }

  /** Stops waiting for a thread (its question was not acknowledged): wait() resolves with null. */
  forget(threadTs: string): void {
    this.settle(threadTs, null);
  }

  /** Puts the fake's array back as it was (Array.prototype.push). */
  detach(): void {
    Reflect.deleteProperty(this.calls, 'push');
  }

  private seen(call: RecordedCall): void {
    if (call.method !== 'chat.postMessage' || call.body.channel !== this.channel || typeof call.body.thread_ts !== 'string') return;
    this.settle(call.body.thread_ts, performance.now());
  }

  private settle(threadTs: string, at: number | null): void {
    const waiter = this.waiters.get(threadTs);
    if (!waiter) return;
    this.waiters.delete(threadTs);
    clearTimeout(waiter.timer);
    waiter.settle(at);
  }
}

/**
 * A person mentioning the bot in a channel, one question at a time: a signed
 * app_mention envelope (signed-events.ts; a new event_id and message ts each
 * time) is POSTed to /slack/events, and the reply is the bot's first post in
 * that message's thread (latency from the start of the POST). The question
 * is seeded into the fake Slack first, as Slack would hold it, so the bot's
 * reactions and thread reads find it.
 */
export class SlackUser {
  /** The message ts of every acknowledged question: each should get exactly one post in its thread. */
  readonly asked: string[] = [];

  constructor(
    private readonly url: string,
    private readonly signingSecret: string,
    private readonly fake: FakeSlack,
    private readonly watcher: SlackReplyWatcher,
  ) {}

  async ask(timeoutMs: number): Promise<SlackAskOutcome> {
    const now = Date.now();
    const body = appMentionEnvelope(now);
    const event = (JSON.parse(body) as { event: { ts: string; channel: string; user: string; text: string } }).event;
    this.fake.seedMessage({ channel: event.channel, user: event.user, text: event.text, ts: event.ts });
    const timestamp = Math.floor(now / 1000);
    const headers = {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signBody(this.signingSecret, timestamp, body),
    };
    // Watching before the POST: the reply can be posted before the 200 is read.
    const replied = this.watcher.wait(event.ts, timeoutMs);
    const started = performance.now();
    let ackMs: number;
    try {
      const response = await fetch(this.url, { method: 'POST', headers, body });
      await response.arrayBuffer();
      ackMs = performance.now() - started;
      if (response.status !== 200) {
        this.watcher.forget(event.ts);
        return { ok: false, error: `http-${response.status}`, ackMs };
      }
    } catch (error) {
      this.watcher.forget(event.ts);
      return { ok: false, error: `network ${networkCode(error)}`, ackMs: null };
    }
    this.asked.push(event.ts);
    const repliedAt = await replied;
    if (repliedAt === null) return { ok: false, error: 'timeout', ackMs };
    return { ok: true, ackMs, replyMs: repliedAt - started };
  }
}

export interface SlackThreadCount {
  questions: number;
  /** Questions with no bot post in their thread. */
  unanswered: number;
  /** Bot posts beyond the first, summed over threads. */
  duplicates: number;
  /** Bot posts by delivery-key kind ("reply", "holding"). */
  kinds: Record<string, number>;
}

/**
 * The bot's posts per question thread, from the messages the fake Slack
 * stored (successful chat.postMessage calls). Each post carries its delivery
 * key in its metadata ("reply:slack:Ev..." or "holding:slack:Ev...").
 */
export function countThreadReplies(questionTs: readonly string[], messages: readonly StoredMessage[], botUserId: string): SlackThreadCount {
  const perThread = new Map<string, number>(questionTs.map((ts) => [ts, 0]));
  const kinds: Record<string, number> = {};
  for (const message of messages) {
    if (message.user !== botUserId || message.thread_ts === undefined || !perThread.has(message.thread_ts)) continue;
    perThread.set(message.thread_ts, perThread.get(message.thread_ts)! + 1);
    const key = message.metadata?.event_payload.key;
    const kind = typeof key === 'string' ? key.split(':')[0]! : 'unknown';
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  const counts = [...perThread.values()];
  return {
    questions: counts.length,
    unanswered: counts.filter((count) => count === 0).length,
    duplicates: counts.reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    kinds,
  };
}
