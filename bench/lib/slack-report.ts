import type { TargetFigures } from './interleaved-runs';
import type { LoadFigures } from './slack-load';

/** One concurrency level: figures per target ("worker", "bolt", and with --breakdown "no-enqueue", "empty"). */
export interface Level {
  concurrency: number;
  figures: Record<string, TargetFigures>;
  /** Worker p99 over Bolt p99: above 1, the Worker is slower. Null when either has nothing to compare. */
  p99_ratio: number | null;
  p50_ratio: number | null;
}

/** The target: p99 well under this at concurrency 64 locally, no errors, and faster than Bolt. */
export const TARGET = { concurrency: 64, p99_ms: 100 };

/** Worker over Bolt for one figure, to two decimals; null when either side acknowledged nothing. */
export function ratio(worker: LoadFigures | undefined, bolt: LoadFigures | undefined, figure: 'p50_ms' | 'p99_ms'): number | null {
  if (!worker || !bolt || worker.requests === worker.errors || bolt.requests === bolt.errors || bolt[figure] <= 0) return null;
  return Math.round((worker[figure] / bolt[figure]) * 100) / 100;
}

export function describeErrors(figures: LoadFigures): string {
  return Object.entries(figures.errorKinds).map(([kind, count]) => `${kind}: ${count}`).join(', ') || 'none';
}

export interface SetupDescription {
  wranglerDev: boolean;
  withConsumer: boolean;
  throughEntryWorker: boolean;
  breakdown: boolean;
  durationSeconds: number;
  rounds: number;
  maxRequests: number;
  sameMessage: boolean;
}

/** What each target does per request and how the load is made: printed with every run, so a figure never travels without it. */
export function describeSetup(setup: SetupDescription): string[] {
  const where = setup.wranglerDev
    ? ["`wrangler dev` (its proxy worker, then Miniflare's entry worker, then the Worker),", `queue consumer ${setup.withConsumer ? 'ON, sharing this machine' : 'off'}`]
    : setup.throughEntryWorker
      ? ["workerd through Miniflare, behind Miniflare's entry worker (as `wrangler dev` serves it),", 'queue consumer off']
      : ["workerd through Miniflare, on the Worker's own socket (no local-development entry", 'worker in front), queue consumer off'];
  const queue = setup.withConsumer
    ? "Miniflare's local queue, a Durable Object in workerd, keeps it for the consumer"
    : "Miniflare's local queue, a Durable Object in the same workerd process, drops it on receipt: no consumer";
  const lines = [
    'What is measured (loopback; the same client for every target):',
    '  client      Node http, keep-alive, one connection per sender; requests built and signed before each run;',
    "              each sender's first request opens its connection and is not timed",
    `  worker      the deployable bundle in ${where[0]}`,
    `              ${where[1]}; per request: Hono middleware and routing, signature check (HMAC-SHA256,`,
    '              constant-time), JSON parse, pre-filter, queue send awaited, then 200',
    `              (${queue})`,
  ];
  if (setup.breakdown) {
    lines.push(
      '  no-enqueue  the same bundle, same path, with the queue send taken out (a benchmark-only variant)',
      '  empty       a Worker that answers 200 at once, same path: the runtime and its HTTP handling alone',
    );
  }
  lines.push(
    '  bolt        @slack/bolt App on its own HTTPReceiver, in its own Node process; per request: signature check,',
    '              JSON parse, ack (200); nothing stored or queued',
    `${setup.rounds} alternating round(s) per level; ${setup.durationSeconds} s and at most ${setup.maxRequests} requests per target per level${setup.sameMessage ? '; every event mentions the same message' : ''}.`,
    'CPU: server CPU time per acknowledgement, and % of one core used by the client, the server and the rest of the machine.',
  );
  return lines;
}

export function printLevel(level: Level): string[] {
  const lines = [`\nconcurrency ${level.concurrency}`];
  for (const [name, figures] of Object.entries(level.figures)) {
    const errors = figures.errors > 0 ? ` (${describeErrors(figures)})` : '';
    const cpu = figures.cpu;
    lines.push(
      `  ${name.padEnd(10)} p50 ${figures.p50_ms}  p90 ${figures.p90_ms}  p99 ${figures.p99_ms}  p99.9 ${figures.p999_ms}  max ${figures.max_ms} ms  ` +
        `${figures.rps} req/s  ${figures.requests} requests  errors ${figures.errors}${errors}  | ` +
        `server ${cpu.server_us_per_request ?? 'n/a'} µs CPU/ack; CPU % client ${cpu.client_pct ?? 'n/a'}, server ${cpu.server_pct ?? 'n/a'}, other ${cpu.other_pct ?? 'n/a'}`,
    );
  }
  lines.push(`  worker/bolt: p50 ${times(level.p50_ratio)}, p99 ${times(level.p99_ratio)}`);
  const parts = cpuBreakdown(level);
  if (parts) lines.push(`  server CPU per ack: ${parts}`);
  return lines;
}

/**
 * With --breakdown: the Worker's CPU per acknowledgement split by taking
 * parts away (runtime alone; plus the app; plus the queue send), beside
 * Bolt's. Differences of separate runs, so rough to a few µs.
 */
export function cpuBreakdown(level: Level): string | null {
  const us = (name: string) => level.figures[name]?.cpu.server_us_per_request ?? null;
  const [empty, withoutEnqueue, worker, bolt] = [us('empty'), us('no-enqueue'), us('worker'), us('bolt')];
  if (empty === null || withoutEnqueue === null || worker === null) return null;
  return (
    `runtime ${empty} µs + app (Hono, middleware, verify, parse, filter) ${withoutEnqueue - empty} µs + queue send ${worker - withoutEnqueue} µs = ${worker} µs` +
    `; bolt ${bolt ?? 'n/a'} µs`
  );
}

/** "2.3× (worker slower)", "0.8× (worker faster)", or "n/a". */
export function times(value: number | null): string {
  if (value === null) return 'n/a';
  return `${value}× (worker ${value > 1 ? 'slower' : value < 1 ? 'faster' : 'the same'})`;
}

export function printSummary(levels: Level[], run: { durationSeconds: number; maxRequests: number }): string[] {
  const pad = (value: number | string | null, width: number) => String(value ?? 'n/a').padStart(width);
  const lines = [
    `\nSlack acknowledgement latency, ${run.durationSeconds} s per target per level (at most ${run.maxRequests} requests), loopback`,
    'concurrency | worker p50  p99 ms   rps  errors | bolt p50  p99 ms   rps  errors | p50 ratio | p99 ratio (worker/bolt; above 1: worker slower)',
  ];
  for (const level of levels) {
    const w = level.figures.worker;
    const b = level.figures.bolt;
    if (!w || !b) continue;
    lines.push(
      `${pad(level.concurrency, 11)} | ${pad(w.p50_ms, 10)} ${pad(w.p99_ms, 7)} ${pad(w.rps, 5)} ${pad(w.errors, 7)} | ${pad(b.p50_ms, 8)} ${pad(b.p99_ms, 7)} ${pad(b.rps, 5)} ${pad(b.errors, 7)} | ${pad(level.p50_ratio, 9)} | ${pad(level.p99_ratio, 9)}`,
    );
  }
  lines.push(...verdict(levels));
  const noisy = levels.flatMap((level) => Object.entries(level.figures).filter(([, figures]) => (figures.cpu.other_pct ?? 0) >= 20).map(([name, figures]) => `${name} at c${level.concurrency}: ${figures.cpu.other_pct}%`));
  if (noisy.length > 0) lines.push(`Note: other work on this machine took CPU during some runs (% of one core): ${noisy.join('; ')}. Tail figures from those runs are inflated; run again on a quiet machine.`);
  return lines;
}

/** The target, checked plainly at its concurrency (if that level was measured). */
export function verdict(levels: Level[]): string[] {
  const level = levels.find((candidate) => candidate.concurrency === TARGET.concurrency);
  const worker = level?.figures.worker;
  const bolt = level?.figures.bolt;
  if (!level || !worker || !bolt) return [`Target (c${TARGET.concurrency}): not measured in this run.`];
  const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
  return [
    `Target at c${TARGET.concurrency}: p99 under ${TARGET.p99_ms} ms: ${yes(worker.p99_ms < TARGET.p99_ms)} (${worker.p99_ms} ms); ` +
      `no errors: ${yes(worker.errors === 0)} (${worker.errors}); faster than Bolt at p99: ${yes(level.p99_ratio !== null && level.p99_ratio < 1)} ` +
      `(worker ${worker.p99_ms} ms, bolt ${bolt.p99_ms} ms: ${times(level.p99_ratio)}).`,
  ];
}
