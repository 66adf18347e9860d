/**
 * npm run bench:slack -- [--duration-seconds 10] [--concurrency 1,16,64] [--max-requests 20000] [--json]
 *   [--drain-seconds 300] [--same-message] [--wrangler-dev [--with-consumer]]
 *
 * Slack acknowledgement latency: signed app_mention envelopes sent to
 * POST /slack/events of the Worker's bundle running in workerd (Miniflare;
 * signature check, queue send, 200; no queue consumer, which would compete
 * for this machine's CPU) and, in the same run, to a minimal Bolt
 * app on Bolt's own Node HTTP receiver. Per concurrency level: p50/p99 of the
 * time to the HTTP 200, acknowledged requests per second, errors, and the
 * Worker p99 / Bolt p99 ratio. Everything listens on 127.0.0.1; the queue
 * consumer's Slack calls go to a fake Slack Web API in this process.
 */
import { parseArgs, UsageError } from '../scripts/lib/args';
import { startLocalWorker } from '../scripts/lib/local-worker';
import { type FakeSlack, startFakeSlack } from '../test/support/fake-slack/server';
import { type BoltNodeReceiver, startBoltNodeReceiver } from './lib/bolt-node-receiver';
import { startMiniflareWorker } from './lib/miniflare-worker';
import { type LoadFigures, round, runLoad } from './lib/slack-load';
import { waitForQuiet } from './lib/wait-for-quiet';

const SLACK = {
  token: 'xoxb-bench',
  signingSecret: 'bench-signing-secret',
  staffChannel: 'C9001',
  botUserId: 'UBOT',
  botId: 'B0BOT',
};
const MAX_CONCURRENCY = 256;
/** Not measured: the first requests pay for compiling code and opening the database. */
const WARM_UP = { concurrency: 4, durationMs: 2000, maxRequests: 300 };

interface Level {
  concurrency: number;
  worker: LoadFigures;
  bolt: LoadFigures;
  p99_ratio: number | null;
  /** Seconds spent waiting for the Worker's queue consumer to go quiet before Bolt was measured. */
  drain_s: number;
  drained: boolean;
}

async function main() {
  const { options } = parseArgs(process.argv.slice(2), {
    'duration-seconds': { type: 'number' },
    concurrency: { type: 'string' },
    'max-requests': { type: 'number' },
    'drain-seconds': { type: 'number' },
    'same-message': { type: 'boolean' },
    'with-consumer': { type: 'boolean' },
    'wrangler-dev': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const durationSeconds = (options['duration-seconds'] as number | undefined) ?? 10;
  if (!(durationSeconds > 0 && durationSeconds <= 600)) throw new UsageError('--duration-seconds must be from 0 to 600');
  const maxRequests = (options['max-requests'] as number | undefined) ?? 20_000;
  if (!Number.isInteger(maxRequests) || maxRequests < 1 || maxRequests > 1_000_000) throw new UsageError('--max-requests must be an integer from 1 to 1000000');
  const drainSeconds = (options['drain-seconds'] as number | undefined) ?? 300;
  if (!(drainSeconds >= 0 && drainSeconds <= 1800)) throw new UsageError('--drain-seconds must be from 0 to 1800');
  const levels = parseConcurrency((options.concurrency as string | undefined) ?? '1,16,64');
  const say = options.json ? (line: string) => console.error(line) : (line: string) => console.log(line);

  let fakeSlack: FakeSlack | undefined;
  let worker: { origin: string; stop(): Promise<void> } | undefined;
  let bolt: BoltNodeReceiver | undefined;
  // Ctrl-C still stops wrangler and the servers: the finally block below runs.
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    fakeSlack = await startFakeSlack({ botToken: SLACK.token, botUserId: SLACK.botUserId, botId: SLACK.botId });
    const shared = { botUserId: SLACK.botUserId, botId: SLACK.botId, slackApiUrl: fakeSlack.url };
    say('starting the local Worker (wrangler dev) and the Bolt app ...');
    const vars = {
      SLACK_BOT_TOKEN: SLACK.token,
      SLACK_SIGNING_SECRET: SLACK.signingSecret,
      SLACK_STAFF_CHANNEL: SLACK.staffChannel,
      SLACK_API_URL: fakeSlack.url,
      SLACK_BOT_USER_ID: SLACK.botUserId,
      SLACK_BOT_ID: SLACK.botId,
    };
    // By default: the bundle in workerd through Miniflare, queue consumer off (in production
    // it runs in its own invocations; here it would share two cores with the intake measured).
    // --wrangler-dev measures through `wrangler dev` and its proxy instead; --with-consumer
    // (with --wrangler-dev) leaves the consumer on.
    worker = options['wrangler-dev']
      ? await startLocalWorker({ withoutQueueConsumer: options['with-consumer'] !== true, vars })
      : await startMiniflareWorker(vars);
    bolt = await startBoltNodeReceiver({ signingSecret: SLACK.signingSecret, token: SLACK.token, ...shared });
    const targets = { worker: `${worker.origin}/slack/events`, bolt: bolt.url };
    const sameMessage = options['same-message'] === true;
    const load = (url: string, concurrency: number, durationMs: number, max: number) =>
      runLoad({ url, signingSecret: SLACK.signingSecret, concurrency, durationMs, maxRequests: max, sameMessage });

    for (const url of [targets.worker, targets.bolt]) {
      const warm = await load(url, WARM_UP.concurrency, WARM_UP.durationMs, WARM_UP.maxRequests);
      if (warm.errors > 0) throw new Error(`warm-up against ${url} failed: ${describeErrors(warm)}`);
    }
    await waitForQuiet(fakeSlack, drainSeconds * 1000);
    fakeSlack.reset();

    const results: Level[] = [];
    for (const concurrency of levels) {
      if (interrupted) break;
      const workerFigures = await load(targets.worker, concurrency, durationSeconds * 1000, maxRequests);
      // The Worker's queue consumer keeps answering the mentions after the
      // acks; Bolt is measured once it is quiet, so it does not share the CPU
      // with that backlog.
      const drain = await waitForQuiet(fakeSlack, drainSeconds * 1000);
      fakeSlack.reset();
      if (interrupted) break;
      const boltFigures = await load(targets.bolt, concurrency, durationSeconds * 1000, maxRequests);
      const ratio = boltFigures.p99_ms > 0 && workerFigures.errors < workerFigures.requests ? round(workerFigures.p99_ms / boltFigures.p99_ms) : null;
      const level: Level = { concurrency, worker: workerFigures, bolt: boltFigures, p99_ratio: ratio, drain_s: round(drain.waitedMs / 1000), drained: drain.quiet };
      results.push(level);
      say(`\nconcurrency ${concurrency}`);
      say(`  worker  ${line(workerFigures)}`);
      say(`  bolt    ${line(boltFigures)}`);
      say(`  p99 ratio worker/bolt: ${ratio ?? 'n/a'}   (queue consumer ${drain.quiet ? 'quiet' : 'STILL BUSY'} after ${level.drain_s} s)`);
    }

    say(`\nSlack acknowledgement latency, ${durationSeconds} s per level (at most ${maxRequests} requests), loopback${sameMessage ? ', same message' : ''}`);
    say('concurrency | worker p50  p99 ms   rps  errors | bolt p50  p99 ms   rps  errors | p99 ratio');
    for (const level of results) {
      const w = level.worker;
      const b = level.bolt;
      say(
        `${pad(level.concurrency, 11)} | ${pad(w.p50_ms, 10)} ${pad(w.p99_ms, 7)} ${pad(w.rps, 5)} ${pad(w.errors, 7)} | ${pad(b.p50_ms, 8)} ${pad(b.p99_ms, 7)} ${pad(b.rps, 5)} ${pad(b.errors, 7)} | ${pad(level.p99_ratio ?? 'n/a', 9)}`,
      );
    }
    if (options.json) {
      const strip = ({ p50_ms, p99_ms, rps, errors }: LoadFigures) => ({ p50_ms, p99_ms, rps, errors });
      console.log(JSON.stringify({ levels: results.map((level) => ({ concurrency: level.concurrency, worker: strip(level.worker), bolt: strip(level.bolt), p99_ratio: level.p99_ratio })) }));
    }
    if (interrupted) process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Each is stopped even if another fails to, so no server outlives the run.
    const stops = await Promise.allSettled([worker?.stop(), bolt?.stop(), fakeSlack?.close()]);
    for (const stop of stops) if (stop.status === 'rejected') console.error(`cleanup: ${String(stop.reason)}`);
  }
}

function parseConcurrency(value: string): number[] {
  const levels = value.split(',').map((part) => Number(part.trim()));
  if (levels.length === 0 || levels.some((level) => !Number.isInteger(level) || level < 1 || level > MAX_CONCURRENCY)) {
    throw new UsageError(`--concurrency must be a comma-separated list of integers from 1 to ${MAX_CONCURRENCY}, e.g. 1,16,64`);
  }
  return levels;
}

function line(figures: LoadFigures): string {
  const errors = figures.errors > 0 ? ` (${describeErrors(figures)})` : '';
  return `p50 ${figures.p50_ms} ms  p99 ${figures.p99_ms} ms  ${figures.rps} req/s  ${figures.requests} requests  errors ${figures.errors}${errors}`;
}

function describeErrors(figures: LoadFigures): string {
  return Object.entries(figures.errorKinds).map(([kind, count]) => `${kind}: ${count}`).join(', ') || 'none';
}

function pad(value: number | string, width: number): string {
  return String(value).padStart(width);
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `usage: ${error.message}` : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
