/**
 * npm run bench:slack -- [--duration-seconds 10] [--rounds 5] [--concurrency 1,16,64] [--max-requests 100000]
 *   [--json] [--same-message] [--breakdown] [--through-entry-worker] [--wrangler-dev [--with-consumer] [--drain-seconds 300]]
 *
 * Slack acknowledgement latency: signed app_mention envelopes sent to
 * POST /slack/events of the Worker's bundle running in workerd (Miniflare,
 * served on the Worker's own socket, queue consumer off) and, in the same
 * run, to a minimal Bolt app on Bolt's own Node HTTP receiver in its own
 * process. Both get the same client, the same requests (signed beforehand)
 * and the same time, in alternating rounds. Per concurrency level:
 * p50/p90/p99/p99.9/max of the time to the HTTP 200, acknowledged requests
 * per second, errors, server CPU per acknowledgement, the CPU taken by the
 * rest of the machine, and the worker/bolt ratios; then the target,
 * met or not. --breakdown adds two benchmark-only Workers that take parts
 * away (the queue send; everything), to show where the time goes.
 * Everything listens on 127.0.0.1; the queue consumer's Slack calls
 * (--with-consumer) go to a fake Slack Web API in this process.
 */
import { rm } from 'node:fs/promises';
import { parseArgs, UsageError } from '../scripts/lib/args';
import { startLocalWorker } from '../scripts/lib/local-worker';
import { type FakeSlack, startFakeSlack } from '../test/support/fake-slack/server';
import { type BoltNodeReceiver, startBoltNodeReceiver } from './lib/bolt-node-receiver';
import { measureInterleaved, type Target, type TargetFigures } from './lib/interleaved-runs';
import { buildBundle, startMiniflareWorker } from './lib/miniflare-worker';
import { descendantPids } from './lib/process-cpu';
import { MAX_SIGNED_AGE_SECONDS, signedAppMentions } from './lib/signed-events';
import { describeErrors, describeSetup, printLevel, printSummary, ratio, type Level } from './lib/slack-report';
import { waitForQuiet } from './lib/wait-for-quiet';

const SLACK = {
  token: 'xoxb-bench',
  signingSecret: 'bench-signing-secret',
  staffChannel: 'C9001',
  botUserId: 'UBOT',
  botId: 'B0BOT',
};
const MAX_CONCURRENCY = 256;
/** Not measured, but printed: the first requests pay for compiling code (JIT) and opening the database. */
const WARM_UP = { concurrency: 4, durationMs: 2000, maxRequests: 300 };

const USAGE = `usage: npm run bench:slack -- [options]

Slack acknowledgement latency: signed app_mention events to the Worker's bundle in workerd and,
interleaved, to a minimal Bolt app; p50 to p99.9, requests/s, errors and server CPU per level.

  --duration-seconds N     seconds per target per level, split over the rounds (default 10)
  --rounds N               alternating rounds per level, 1 to 100 (default 5)
  --concurrency LIST       levels, comma-separated (default 1,16,64; at most 256)
  --max-requests N         requests per run at most, 1 to 200000 (default 100000)
  --same-message           every mention shares one message ts: new events, but the consumer drops all but the first
  --breakdown              add an empty Worker and the bundle without its queue send, to show where the time goes
  --through-entry-worker   go through Miniflare's entry worker instead of the Worker's own socket
  --wrangler-dev           measure under wrangler dev instead of Miniflare
  --with-consumer          (with --wrangler-dev) run the queue consumer against a fake Slack Web API
  --drain-seconds N        (with --with-consumer) how long to wait for the queue to drain, 0 to 1800 (default 300)
  --json                   print the figures as JSON
  --help                   this text`;

async function main() {
  const { options } = parseArgs(process.argv.slice(2), {
    'duration-seconds': { type: 'number' },
    rounds: { type: 'number' },
    concurrency: { type: 'string' },
    'max-requests': { type: 'number' },
    'drain-seconds': { type: 'number' },
    'same-message': { type: 'boolean' },
    breakdown: { type: 'boolean' },
    'through-entry-worker': { type: 'boolean' },
    'with-consumer': { type: 'boolean' },
    'wrangler-dev': { type: 'boolean' },
    json: { type: 'boolean' },
  }, USAGE);
  const durationSeconds = (options['duration-seconds'] as number | undefined) ?? 10;
  const rounds = (options.rounds as number | undefined) ?? 5;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100) throw new UsageError('--rounds must be an integer from 1 to 100');
  // Requests are signed before each run; Slack's five-minute replay window bounds a run's length.
  if (!(durationSeconds > 0 && durationSeconds / rounds <= MAX_SIGNED_AGE_SECONDS)) {
    throw new UsageError(`--duration-seconds must be above 0 and at most ${MAX_SIGNED_AGE_SECONDS} per round (more --rounds for longer)`);
  }
  // High enough that the duration, the same for every target, normally ends a run: a short run would
  // give a passing burst of other work on the machine a large share of its samples.
  const maxRequests = (options['max-requests'] as number | undefined) ?? 100_000;
  // A run's requests are built and kept in memory before it starts (--max-requests / --rounds of them, about
  // 600 bytes each): the bound keeps that near 100 MB at worst.
  if (!Number.isInteger(maxRequests) || maxRequests < 1 || maxRequests > 200_000) throw new UsageError('--max-requests must be an integer from 1 to 200000');
  const drainSeconds = (options['drain-seconds'] as number | undefined) ?? 300;
  if (!(drainSeconds >= 0 && drainSeconds <= 1800)) throw new UsageError('--drain-seconds must be from 0 to 1800');
  const levels = parseConcurrency((options.concurrency as string | undefined) ?? '1,16,64');
  const wranglerDev = options['wrangler-dev'] === true;
  const withConsumer = options['with-consumer'] === true;
  const breakdown = options.breakdown === true;
  const throughEntryWorker = options['through-entry-worker'] === true;
  if (withConsumer && !wranglerDev) throw new UsageError('--with-consumer needs --wrangler-dev');
  if (wranglerDev && (breakdown || throughEntryWorker)) throw new UsageError('--breakdown and --through-entry-worker measure Miniflare; leave out --wrangler-dev');
  const sameMessage = options['same-message'] === true;
  const say = options.json ? (line: string) => console.error(line) : (line: string) => console.log(line);

  let fakeSlack: FakeSlack | undefined;
  const servers: { stop(): Promise<void> }[] = [];
  let bundleDir: string | undefined;
  // Ctrl-C still stops wrangler and the servers: the finally block below runs.
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    fakeSlack = await startFakeSlack({ botToken: SLACK.token, botUserId: SLACK.botUserId, botId: SLACK.botId });
    const vars = {
      SLACK_BOT_TOKEN: SLACK.token,
      SLACK_SIGNING_SECRET: SLACK.signingSecret,
      SLACK_STAFF_CHANNEL: SLACK.staffChannel,
      SLACK_API_URL: fakeSlack.url,
      SLACK_BOT_USER_ID: SLACK.botUserId,
      SLACK_BOT_ID: SLACK.botId,
    };
    say(wranglerDev ? 'starting the Worker (wrangler dev) and the Bolt app ...' : 'building the bundle; starting the Worker (workerd through Miniflare) and the Bolt app ...');
    const targets: Target[] = [];
    if (wranglerDev) {
      // The consumer, if on, answers the mentions after the acks: the other targets are measured once it is quiet.
      const worker = await startLocalWorker({ withoutQueueConsumer: !withConsumer, vars });
      servers.push(worker);
      const quiet = fakeSlack;
      targets.push({
        name: 'worker',
        url: `${worker.origin}/slack/events`,
        pids: descendantPids(process.pid, 'workerd'),
        ...(withConsumer ? { afterRun: () => waitForQuiet(quiet, drainSeconds * 1000).then(() => quiet.reset()) } : {}),
      });
    } else {
      // Built once, run as the product and (with --breakdown) as the variants that take parts away.
      bundleDir = await buildBundle();
      const start = async (name: string, variant: 'bundle' | 'bundle-without-enqueue' | 'empty') => {
        const worker = await startMiniflareWorker({ vars, variant, bundleDir, throughEntryWorker });
        servers.push(worker);
        targets.push({ name, url: `${worker.origin}/slack/events`, pids: worker.pids });
      };
      await start('worker', 'bundle');
      if (breakdown) {
        await start('no-enqueue', 'bundle-without-enqueue');
        await start('empty', 'empty');
      }
    }
    const bolt: BoltNodeReceiver = await startBoltNodeReceiver({ signingSecret: SLACK.signingSecret, token: SLACK.token, botUserId: SLACK.botUserId, botId: SLACK.botId, slackApiUrl: fakeSlack.url });
    servers.push(bolt);
    targets.push({ name: 'bolt', url: bolt.url, pids: bolt.pids });
    const makeRequests = (count: number) => signedAppMentions(count, { signingSecret: SLACK.signingSecret, nowMs: Date.now(), sameMessage });

    for (const line of describeSetup({ wranglerDev, withConsumer, throughEntryWorker, breakdown, durationSeconds, rounds, maxRequests, sameMessage })) say(line);

    say(`\nwarm-up, not in the figures below (c${WARM_UP.concurrency}, ${WARM_UP.durationMs / 1000} s, at most ${WARM_UP.maxRequests} requests each):`);
    const warm = await measureInterleaved({ targets, concurrency: WARM_UP.concurrency, durationMs: WARM_UP.durationMs, rounds: 1, maxRequests: WARM_UP.maxRequests, makeRequests });
    for (const [name, figures] of warm) {
      if (figures.errors > 0) throw new Error(`warm-up against ${name} failed: ${describeErrors(figures)}`);
      say(`  ${name.padEnd(10)} p50 ${figures.p50_ms} ms  p99 ${figures.p99_ms} ms  max ${figures.max_ms} ms  (${figures.requests} requests)`);
    }
    if (withConsumer) {
      await waitForQuiet(fakeSlack, drainSeconds * 1000);
      fakeSlack.reset();
    }

    const results: Level[] = [];
    for (const concurrency of levels) {
      if (interrupted) break;
      const figures = await measureInterleaved({ targets, concurrency, durationMs: durationSeconds * 1000, rounds, maxRequests, makeRequests, interrupted: () => interrupted });
      const level: Level = { concurrency, figures: Object.fromEntries(figures) as Record<string, TargetFigures>, p99_ratio: null, p50_ratio: null };
      level.p99_ratio = ratio(level.figures.worker, level.figures.bolt, 'p99_ms');
      level.p50_ratio = ratio(level.figures.worker, level.figures.bolt, 'p50_ms');
      results.push(level);
      for (const line of printLevel(level)) say(line);
    }
    for (const line of printSummary(results, { durationSeconds, maxRequests })) say(line);
    if (options.json) console.log(JSON.stringify({ levels: results }));
    if (interrupted) process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Each is stopped even if another fails to, so no server outlives the run.
    const stops = await Promise.allSettled([...servers.map((server) => server.stop()), fakeSlack?.close()]);
    for (const stop of stops) if (stop.status === 'rejected') console.error(`cleanup: ${String(stop.reason)}`);
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  }
}

function parseConcurrency(value: string): number[] {
  const levels = value.split(',').map((part) => Number(part.trim()));
  if (levels.length === 0 || levels.some((level) => !Number.isInteger(level) || level < 1 || level > MAX_CONCURRENCY)) {
    throw new UsageError(`--concurrency must be a comma-separated list of integers from 1 to ${MAX_CONCURRENCY}, e.g. 1,16,64`);
  }
  return levels;
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `usage: ${error.message}` : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
