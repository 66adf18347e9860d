import { env } from 'cloudflare:test';
import { slackMessages, type SlackMessage } from '../integration/fake-slack-control';

/**
 * Shared helpers for the fault and abuse tests: a seeded PRNG (so every run
 * sends the same requests and a failure can be replayed), bounded
 * concurrency, and the counting queries the assertions need.
 */

/** mulberry32: a tiny, fast, seeded PRNG with a 2^32 period, plenty for test inputs. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [0, n). */
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Prng = ReturnType<typeof prng>;

/** Runs `work` over the items with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  });
  await Promise.all(runners);
  return results;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Messages the bot posted in a thread (the fake stores only what chat.postMessage created, plus seeds). */
export async function threadReplies(channel: string, threadTs: string): Promise<SlackMessage[]> {
  return (await slackMessages(channel)).filter((message) => message.thread_ts === threadTs);
}

/** The delivery key a message carries in its metadata (every outbound post has one). */
export const deliveryKey = (message: SlackMessage) => String(message.metadata?.event_payload.key ?? '');

/** How many messages, anywhere, carry this delivery key. */
export async function postsWithKey(key: string): Promise<number> {
  return (await slackMessages()).filter((message) => deliveryKey(message) === key).length;
}

/** The review id on a card's Approve button. */
export function reviewIdOf(card: { blocks?: unknown[] }): string | undefined {
  const approve = JSON.stringify(card.blocks ?? []).match(/"action_id":"review_approve"[^}]*?"value":"([^"]+)"|"value":"([^"]+)"[^}]*?"action_id":"review_approve"/);
  return approve?.slice(1).find(Boolean);
}

export async function count(sql: string, ...bindings: unknown[]): Promise<number> {
  return (await env.DB.prepare(sql).bind(...bindings).first<{ n: number }>())?.n ?? 0;
}

export async function inboundStatus(key: string): Promise<string | null> {
  return (await env.DB.prepare('SELECT status FROM inbound_events WHERE key = ?').bind(key).first<{ status: string }>())?.status ?? null;
}

/** A chat completion in the engine's structured reply format. */
export const modelAnswer = (answer: string, citations: string[] = ['P1'], assessment = 'answered') => ({ json: { answer, citations, assessment } });

export const FORM = { contentType: 'application/x-www-form-urlencoded' };
