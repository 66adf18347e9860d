import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Miniflare } from 'miniflare';
import { EMPTY_WORKER, withoutSlackEnqueue } from './bundle-variants';
import { descendantPids } from './process-cpu';

export interface MiniflareWorker {
  origin: string;
  /** The workerd processes serving it, for CPU accounting (empty where there is no /proc). */
  pids: number[];
  stop(): Promise<void>;
}

export type WorkerVariant = 'bundle' | 'bundle-without-enqueue' | 'empty';

export interface MiniflareWorkerOptions {
  vars: Record<string, string>;
  /** The product bundle (default), or a variant for the breakdown (see bundle-variants.ts). */
  variant?: WorkerVariant;
  /** A bundle already built by buildBundle(), to build once for several variants. */
  bundleDir?: string;
  /**
   * Serve through Miniflare's entry worker, as `wrangler dev` does, instead
   * of on the Worker's own socket. The entry worker is local-development
   * machinery (it adds request.cf, pretty error pages, live reload) that runs
   * in front of the Worker, in JavaScript, on the same thread; production has
   * no such hop.
   */
  throughEntryWorker?: boolean;
}

/** `wrangler deploy --dry-run`: the deployable bundle, in a temporary folder the caller removes. */
export async function buildBundle(): Promise<string> {
  const outdir = await mkdtemp(path.join(tmpdir(), 'countersign-bundle-'));
  execFileSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', outdir], {
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  return outdir;
}

/**
 * The deployable bundle run directly in workerd through Miniflare: the
 * production runtime without `wrangler dev`'s proxy in front, and without the
 * queue consumer, so that only intake is measured. By default the Worker is
 * served on a socket of its own (Miniflare's unsafeDirectSockets), so a
 * request goes from the socket straight to the Worker's fetch handler.
 * D1 is in memory and empty: the Slack intake path does not touch it for
 * mentions. The queue is Miniflare's local simulation: a Durable Object in
 * the same workerd process, which (with no consumer configured) drops each
 * message once it has received it.
 */
export async function startMiniflareWorker(options: MiniflareWorkerOptions): Promise<MiniflareWorker> {
  const variant = options.variant ?? 'bundle';
  const config = await readFile('wrangler.toml', 'utf8');
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(config)?.[1];
  if (!compatibilityDate) throw new Error('no compatibility_date in wrangler.toml');
  const ownDir = variant === 'empty' || options.bundleDir ? undefined : await buildBundle();
  const workdir = await mkdtemp(path.join(tmpdir(), 'countersign-worker-'));
  const removeFolders = async () => {
    await rm(workdir, { recursive: true, force: true });
    if (ownDir) await rm(ownDir, { recursive: true, force: true });
  };
  let mf: Miniflare | undefined;
  try {
    const bundleDir = options.bundleDir ?? ownDir;
    const source = variant === 'empty' ? EMPTY_WORKER : await readFile(path.join(bundleDir!, 'index.js'), 'utf8');
    const script = path.join(workdir, 'index.js');
    await writeFile(script, variant === 'bundle-without-enqueue' ? withoutSlackEnqueue(source) : source);
    const before = new Set(descendantPids(process.pid, 'workerd'));
    mf = new Miniflare({
      modules: [{ type: 'ESModule', path: script }],
      modulesRoot: workdir,
      compatibilityDate,
      compatibilityFlags: ['nodejs_compat'],
      d1Databases: { DB: 'bench' },
      queueProducers: { WORK_QUEUE: { queueName: 'countersign-work' } },
      durableObjects: variant === 'empty' ? {} : { CONVERSATIONS: 'Conversation' },
      bindings: { VECTOR_INDEX: 'd1', ...options.vars },
      host: '127.0.0.1',
      port: 0,
      // Port 0 here too: the OS picks a free port for the Worker's own socket.
      ...(options.throughEntryWorker ? {} : { unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] }),
    });
    const entry = await mf.ready;
    const url = options.throughEntryWorker ? entry : await mf.unsafeGetDirectURL();
    const pids = descendantPids(process.pid, 'workerd').filter((pid) => !before.has(pid));
    const running = mf;
    return {
      origin: url.origin,
      pids,
      async stop() {
        await running.dispose();
        await removeFolders();
      },
    };
  } catch (error) {
    await mf?.dispose().catch(() => {});
    await removeFolders();
    throw error;
  }
}
