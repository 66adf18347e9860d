import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { classifyEvent } from '../../src/adapters/slack/slack-event';
import worker from '../../src/index';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { putDocument } from '../integration/admin-client';
import { resetFake, scriptChat } from '../integration/fake-openai-control';
import { eventually, resetSlack, slackCalls, slackMessages } from '../integration/fake-slack-control';
import { eventEnvelope, mention, slackPost } from '../integration/slack-requests';
import { bases, type FuzzRequest, fuzzRequest } from './slack-fuzz';
import { mapLimit, modelAnswer, prng, reviewIdOf, sleep } from './support';

const REQUESTS = 5100;
/**
 * The first requests go through the front door (SELF.fetch); the rest call the
 * Worker's exported fetch handler directly, in the same workerd runtime with the
 * same bindings. SELF.fetch in @cloudflare/vitest-pool-workers 0.15 slows down
 * with every request a file makes (measured: 250 requests take 2 s, the next
 * 250 take 8 s, the next 250 take 15 s; direct calls stay under 1 ms each), so
 * 5,000 through SELF would not fit any time budget.
 */
const THROUGH_SELF = 200;
const CONCURRENCY = 4;
const SEED = 0xc0ffee;

let reviewId: string;
/** Keys of the signed fuzz events the intake accepted as possible questions (so queued). */
const queuedKeys = new Set<string>();

/** The inbound key of an event the intake would queue (mirrors routes/slack.ts: mentions and DMs), else null. */
function queuedKeyOf(request: FuzzRequest): string | null {
  if (request.path !== '/slack/events') return null;
  try {
    const body = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(request.body)) as Record<string, unknown>;
    if (body.type !== 'event_callback' || typeof body.event_id !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(body.event_id)) return null;
    // Intake refuses other workspaces' and apps' events, then keeps what the one classifier calls a question.
    if (body.team_id !== 'T0001' || body.api_app_id !== 'A0001') return null;
    return classifyEvent(body.event, 'UBOT', false).kind === 'question' ? `slack:${body.event_id}` : null;
  } catch {
    return null;
  }
}

beforeAll(async () => {
  await resetFake();
  await resetSlack();
  await putDocument({ id: 'fuzz/parking.md', audience: 'internal', format: 'markdown', content: '# Office\n## Employee parking\nEmployees park in the garage on level -1.' });
  // A real pending review: the forged approvals below aim at it.
  await scriptChat(modelAnswer('Employees park in the garage on level -1 [P1].'));
  const event = mention('please reserve an employee parking space in the garage for me');
  await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)));
  const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes('reserve an employee parking')), 15_000);
  reviewId = reviewIdOf(card)!;
});

describe('fuzzing the Slack endpoints', () => {
  it(`refuses every request not validly signed, never answers 5xx, and records nothing for them (${REQUESTS} requests)`, { timeout: 180_000 }, async () => {
    const random = prng(SEED);
    const all = bases(reviewId);
    const now = Math.floor(Date.now() / 1000);
    // Built first, in order, so the seed alone decides every request.
    const requests: FuzzRequest[] = [];
    for (let index = 0; index < REQUESTS; index++) requests.push(await fuzzRequest(random, all, index, now));

    // Every refusal is logged (one JSON line); 5,000 of them through the test runner's console cost more than the requests.
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => {});
    const started = Date.now();
    const timings: number[] = [];
    const statuses = await mapLimit(requests, CONCURRENCY, async (request, index) => {
      const t0 = Date.now();
      const url = `https://countersign.test${request.path}`;
      const init = { method: 'POST', headers: request.headers, body: request.body };
      let status: number;
      if (index < THROUGH_SELF) {
        const response = await SELF.fetch(url, init);
        await response.arrayBuffer();
        status = response.status;
      } else {
        const ctx = createExecutionContext();
        const response = await worker.fetch(new Request(url, init), env, ctx);
        await response.arrayBuffer();
        // Bolt's listeners run on after the acknowledgement: let them finish too.
        await waitOnExecutionContext(ctx);
        status = response.status;
      }
      timings.push(Date.now() - t0);
      return status;
    });
    const elapsedMs = Date.now() - started;
    quiet.mockRestore();
    timings.sort((a, b) => a - b);
    const latencyMs = { p50: timings[Math.floor(timings.length * 0.5)], p99: timings[Math.floor(timings.length * 0.99)], max: timings.at(-1) };

    const byStatus = (signed: boolean) => {
      const table: Record<string, number> = {};
      requests.forEach((request, index) => {
        if (request.signed === signed) table[statuses[index]!] = (table[statuses[index]!] ?? 0) + 1;
      });
      return table;
    };
    const unsigned = requests.filter((request) => !request.signed).length;
    console.log(JSON.stringify({ requests: REQUESTS, unsigned, signedMalformed: REQUESTS - unsigned, elapsedMs, latencyMs, unsignedStatuses: byStatus(false), signedStatuses: byStatus(true) }));

    const failures = requests
      .map((request, index) => ({ request, status: statuses[index]! }))
      .filter(({ request, status }) => status >= 500 || (!request.signed && status !== 401) || (request.signed && ![200, 400, 413].includes(status)));
    expect(failures.map(({ request, status }) => `${status} ${request.path} ${request.mutation} ${new TextDecoder().decode(request.body).slice(0, 300)}`).slice(0, 20)).toEqual([]);
    expect(unsigned).toBeGreaterThan(4000);
    expect(elapsedMs).toBeLessThan(120_000);

    // Forgeries changed nothing: the targeted review is still pending, no modal opened for them, no event recorded.
    await sleep(2000);
    expect((await env.DB.prepare('SELECT status FROM reviews WHERE id = ?').bind(reviewId).first<{ status: string }>())?.status).toBe('pending');
    expect((await slackCalls('views.open')).filter((call) => String(call.body.trigger_id).startsWith('fzU'))).toEqual([]);
    const { results } = await env.DB.prepare("SELECT key, status FROM inbound_events WHERE key LIKE 'slack:EvFz%'").all<{ key: string; status: string }>();
    expect(results.filter((row) => !row.key.startsWith('slack:EvFzS'))).toEqual([]);

    requests.forEach((request, index) => {
      const key = request.signed && statuses[index] === 200 ? queuedKeyOf(request) : null;
      if (key) queuedKeys.add(key);
    });
  });

  it('leaves no validly signed but malformed event stuck in the queue consumer', async () => {
    // Whatever the fuzz run let through (signed, and shaped enough to queue) is handled or dropped, not retried forever.
    expect(queuedKeys.size).toBeGreaterThan(0);
    const settled = await eventually(async () => {
      const { results } = await env.DB.prepare("SELECT key, status FROM inbound_events WHERE key LIKE 'slack:EvFzS%'").all<{ key: string; status: string }>();
      const done = results.filter((row) => row.status !== 'queued' && row.status !== 'processing');
      return [...queuedKeys].every((key) => done.some((row) => row.key === key)) ? results : null;
    }, 30_000);
    const statuses: Record<string, number> = {};
    for (const row of settled) statuses[row.status] = (statuses[row.status] ?? 0) + 1;
    console.log(JSON.stringify({ signedEventsQueued: queuedKeys.size, statuses }));
    expect(statuses.failed ?? 0).toBe(0);
  });
});
