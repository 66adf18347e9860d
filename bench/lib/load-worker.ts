import { execFile } from 'node:child_process';
import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Miniflare, type WorkerOptions } from 'miniflare';

export interface BenchWorker {
  origin: string;
  adminToken: string;
  /** Where the Worker's console output goes (removed by stop() unless keepLogs). */
  logPath: string;
  /** The Worker's structured log events (JSON lines with an "event" field) counted by name, so far. */
  logEvents(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export interface BenchWorkerOptions {
  /** Worker vars and secrets, laid over wrangler.toml's [vars] (never .dev.vars). */
  vars: Record<string, string>;
  /** Leave the log file in place after stop(), to read it afterwards. */
  keepLogs?: boolean;
}

const ADMIN_TOKEN = 'bench-admin-token';
const run = promisify(execFile);

/**
 * The Worker as deployed (`wrangler deploy --dry-run`'s bundle, built once),
 * run in workerd through Miniflare with the bindings wrangler.toml declares:
 * D1 (fresh, migrated), the Conversation Durable Objects, and the work queue
 * WITH its consumer and dead-letter queue, since replies are what these
 * benchmarks measure. Not `wrangler dev`: it rebuilds and restarts the
 * Worker whenever a source file changes, dropping queued work, and several
 * people edit this tree while benchmarks run. Served on the Worker's own
 * socket on 127.0.0.1 (no dev proxy in front). The Worker's console output
 * goes to a file, so its log events (work-failed, web-question-requeued ...)
 * can be counted after a run. Vectorize has no local simulation:
 * VECTOR_INDEX=d1, as in local development.
 */
export async function startBenchWorker(options: BenchWorkerOptions): Promise<BenchWorker> {
  const workdir = await mkdtemp(path.join(tmpdir(), 'countersign-load-'));
  const logPath = path.join(options.keepLogs ? tmpdir() : workdir, `countersign-load-${process.pid}-${Date.now()}.log`);
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'error' };
  let mf: Miniflare | undefined;
  let log: WriteStream | undefined;
  // Ctrl-C or a SIGTERM (bench/run-all.ts's time limit) ends the process at once: Miniflare's own
  // handler stops workerd and exits, so the temporary files can only go in a synchronous exit hook.
  const removeOnExit = () => rmSync(workdir, { recursive: true, force: true });
  process.on('exit', removeOnExit);
  const stop = async () => {
    await mf?.dispose().catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
    mf = undefined;
    if (log) await new Promise((resolve) => log!.end(resolve));
    await rm(workdir, { recursive: true, force: true });
    process.off('exit', removeOnExit);
  };
  try {
    const bundleDir = path.join(workdir, 'bundle');
    const persistDir = path.join(workdir, 'state');
    await run('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', bundleDir], { env });
    await run('node_modules/.bin/wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir], { env });
    const fromConfig = await configuredWorker();
    log = createWriteStream(logPath, { mode: 0o600 });
    const file = log;
    mf = new Miniflare({
      ...fromConfig.options,
      modules: [{ type: 'ESModule', path: path.join(bundleDir, 'index.js') }],
      modulesRoot: bundleDir,
      bindings: { ...fromConfig.vars, VECTOR_INDEX: 'd1', ADMIN_TOKEN, OPENAI_API_KEY: '', CHAT_MODEL: '', ...options.vars },
      // The database `wrangler d1 migrations apply --local` just migrated.
      d1Persist: path.join(persistDir, 'v3', 'd1'),
      host: '127.0.0.1',
      port: 0,
      unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      handleRuntimeStdio(stdout, stderr) {
        stdout.pipe(file, { end: false });
        stderr.pipe(file, { end: false });
      },
    });
    await mf.ready;
    const origin = (await mf.unsafeGetDirectURL()).origin;
    return {
      origin,
      adminToken: ADMIN_TOKEN,
      logPath,
      logEvents: async () => countLogEvents(await readFile(logPath, 'utf8').catch(() => '')),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * wrangler.toml's bindings in Miniflare's terms (wrangler's own conversion),
 * without what a benchmark must not or cannot use: the static assets, the
 * Vectorize index (remote only), and any secrets from .dev.vars (only the
 * [vars] section is kept).
 */
async function configuredWorker(): Promise<{ options: Partial<WorkerOptions>; vars: Record<string, string> }> {
  // Read before wrangler loads: its logger takes the level once.
  process.env.WRANGLER_LOG = 'error';
  const wrangler = await import('wrangler');
  const config = wrangler.unstable_readConfig({ config: 'wrangler.toml' });
  const { workerOptions } = wrangler.unstable_getMiniflareWorkerOptions(config);
  const vars = Object.fromEntries(Object.entries(config.vars).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
  const options = {
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    d1Databases: workerOptions.d1Databases,
    durableObjects: workerOptions.durableObjects,
    queueProducers: workerOptions.queueProducers,
    queueConsumers: workerOptions.queueConsumers,
  } as Partial<WorkerOptions>;
  return { options, vars };
}

/** Counts the Worker's JSON log lines by their "event" field; other output is skipped. */
export function countLogEvents(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const start = line.indexOf('{"event":');
    if (start === -1) continue;
    try {
      const parsed = JSON.parse(line.slice(start)) as { event?: unknown };
      if (typeof parsed.event === 'string') counts[parsed.event] = (counts[parsed.event] ?? 0) + 1;
    } catch {
      // A line cut short or mixed with other output: not counted.
    }
  }
  return counts;
}
