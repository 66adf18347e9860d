import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitForHttp } from './run';

export interface LocalWorker {
  origin: string;
  adminToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the Worker under `wrangler dev` with its own, empty, throw-away
 * state (D1 included), for benchmarks that must not touch the developer's
 * local data. No embeddings and no chat model unless `vars` set them,
 * whatever .dev.vars says.
 */
export interface LocalWorkerOptions {
  quiet?: boolean;
  /** Extra Worker vars, e.g. a chat model for the evaluation (values are not logged). */
  vars?: Record<string, string>;
  /** Run without the queue consumer, to measure intake alone (queued work is left undone). */
  withoutQueueConsumer?: boolean;
}

export async function startLocalWorker(options: LocalWorkerOptions = {}): Promise<LocalWorker> {
  const persistDir = await mkdtemp(path.join(tmpdir(), 'countersign-bench-'));
  const port = await freePort();
  const adminToken = 'bench-admin-token';
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'error' };
  const wrangler = 'node_modules/.bin/wrangler';
  const stdio = options.quiet === false ? 'inherit' : 'ignore';
  await new Promise<void>((resolve, reject) => {
    const child = spawn(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir], { stdio, env });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrations failed (${code})`))));
  });
  // Settings go in a private env file, not on the command line, where other
  // users of the machine could read a key in the process list.
  const settings: Record<string, string> = {
    VECTOR_INDEX: 'd1',
    ADMIN_TOKEN: adminToken,
    OPENAI_API_KEY: '',
    CHAT_MODEL: '',
    MAX_DOCUMENT_BYTES: '20000000',
    ...options.vars,
  };
  const envFile = path.join(persistDir, 'worker.env');
  await writeFile(envFile, Object.entries(settings).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join('\n'), { mode: 0o600 });
  // A copy of wrangler.toml next to it (relative paths keep working) without the consumer section.
  const configPath = options.withoutQueueConsumer ? await configWithoutConsumer() : null;
  const child: ChildProcess = spawn(
    wrangler,
    [
      'dev', ...(configPath ? ['--config', configPath] : []), '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistDir, '--inspector-port', String(await freePort()),
      '--env-file', envFile, '--show-interactive-dev-session=false',
    ],
    { stdio, env },
  );
  let alive = true;
  child.on('exit', () => {
    alive = false;
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/healthz`, 90_000, () => alive);
  return {
    origin,
    adminToken,
    async stop() {
      if (alive) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (alive) child.kill('SIGKILL');
      }
      await rm(persistDir, { recursive: true, force: true });
      if (configPath) await rm(configPath, { force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}


async function configWithoutConsumer(): Promise<string> {
  const config = await readFile('wrangler.toml', 'utf8');
  const withoutConsumer = config.replace(/\[\[queues\.consumers\]\][\s\S]*?(?=\n\[)/, '');
  if (withoutConsumer === config) throw new Error('wrangler.toml has no [[queues.consumers]] section to drop');
  const path = `.wrangler-no-consumer-${process.pid}.toml`;
  await writeFile(path, withoutConsumer);
  return path;
}
