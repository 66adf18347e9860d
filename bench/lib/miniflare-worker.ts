import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Miniflare } from 'miniflare';

export interface MiniflareWorker {
  origin: string;
  stop(): Promise<void>;
}

/**
 * The deployable bundle (`wrangler deploy --dry-run`) run directly in workerd
 * through Miniflare: the production runtime without `wrangler dev`'s proxy in
 * front, and without the queue consumer, so that only intake is measured.
 * D1 is in memory and empty: the Slack intake path does not touch it for mentions.
 */
export async function startMiniflareWorker(vars: Record<string, string>): Promise<MiniflareWorker> {
  const outdir = await mkdtemp(path.join(tmpdir(), 'countersign-bundle-'));
  execFileSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', outdir], {
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const config = await readFile('wrangler.toml', 'utf8');
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(config)?.[1];
  if (!compatibilityDate) throw new Error('no compatibility_date in wrangler.toml');
  const script = path.join(outdir, 'index.js');
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: script }],
    modulesRoot: outdir,
    compatibilityDate,
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: { DB: 'bench' },
    queueProducers: { WORK_QUEUE: { queueName: 'countersign-work' } },
    durableObjects: { CONVERSATIONS: 'Conversation' },
    bindings: { VECTOR_INDEX: 'd1', ...vars },
    host: '127.0.0.1',
    port: 0,
  });
  const url = await mf.ready;
  return {
    origin: url.origin,
    async stop() {
      await mf.dispose();
      await rm(outdir, { recursive: true, force: true });
    },
  };
}
