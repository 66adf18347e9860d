import { Hono } from 'hono';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { html } from '../html';
import { page, SECURITY_HEADERS } from '../layout';
import { QUEUE_LIMIT, queueCount, queueList } from './review-queue-view';

const CHANNEL = /^[A-Za-z0-9_-]{1,64}$/;
/** How often the stream looks for new reviews, and how long one stream lasts. */
export const POLL_MS = 2_000;
export const STREAM_MS = 60_000;

export const reviewQueueRoutes = new Hono<ConsoleEnv>();

function channelOf(requested: string | undefined): string | undefined {
  const channel = requested?.trim() ?? '';
  return CHANNEL.test(channel) ? channel : undefined;
}

reviewQueueRoutes.get('/reviews', loadSession, requireRole('reviewer'), async (c) => {
  const channel = channelOf(c.req.query('channel'));
  const rows = await c.get('wiring').reads.queue.pending({ channel, limit: QUEUE_LIMIT });
  const stream = `/admin/reviews/live${channel ? `?channel=${encodeURIComponent(channel)}` : ''}`;
  return page(c, {
    title: 'Reviews',
    body: html`
      <p class="muted">Pending, oldest first: <span data-live-count>${queueCount(rows)}</span>. ${channel ? html`Channel <strong>${channel}</strong> · <a href="/admin/reviews">all channels</a>` : ''}
        <span data-live-status>Reload the page to see new reviews.</span></p>
      <noscript><meta http-equiv="refresh" content="30"></noscript>
      <div data-live="${stream}">${queueList(rows, new Date())}</div>`,
  });
});

/**
 * Server-sent events for the open queue page (console.js listens with
 * EventSource): an event `queue` with the list's HTML (rendered by the same
 * queueList as the page) whenever the set of pending reviews changes, and a
 * comment otherwise. A Worker should not hold a stream open for ever, so this
 * one reads D1 every POLL_MS for STREAM_MS, then ends; EventSource reconnects
 * on its own (after the `retry` given) and gets the current list at once.
 * The console session authorises it like any page; without one it answers
 * 401, which EventSource does not retry.
 */
reviewQueueRoutes.get('/reviews/live', loadSession, async (c) => {
  const user = c.get('user');
  if (!user) return c.text('Signed out: sign in again at /admin/login.', 401, SECURITY_HEADERS);
  const channel = channelOf(c.req.query('channel'));
  const queue = c.get('wiring').reads.queue;
  const encoder = new TextEncoder();
  const started = Date.now();
  let seen: string | null = null;
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`retry: ${POLL_MS}\n\n`));
    },
    // Pulled again after each chunk is read; the wait in between is the poll interval.
    async pull(controller) {
      if (!first) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      first = false;
      if (Date.now() - started >= STREAM_MS) return controller.close();
      const rows = await queue.pending({ channel, limit: QUEUE_LIMIT });
      const ids = rows.map((row) => row.id).join(',');
      if (ids === seen) return controller.enqueue(encoder.encode(': unchanged\n\n'));
      seen = ids;
      const data = JSON.stringify({ count: queueCount(rows), html: queueList(rows, new Date()).value });
      controller.enqueue(encoder.encode(`event: queue\ndata: ${data}\n\n`));
    },
  });
  return new Response(body, {
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' },
  });
});
