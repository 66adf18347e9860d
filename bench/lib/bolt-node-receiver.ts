import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BoltNodeAppOptions } from './bolt-node-app';

export type BoltNodeReceiverOptions = BoltNodeAppOptions;

export interface BoltNodeReceiver {
  /** The events endpoint, e.g. http://127.0.0.1:PORT/slack/events. */
  url: string;
  /** Its process, for CPU accounting. */
  pids: number[];
  stop(): Promise<void>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPOSITORY = path.resolve(HERE, '../..');
const START_TIMEOUT_MS = 30_000;

/**
 * The minimal Bolt app (bolt-node-app.ts) in a Node process of its own, as
 * the Worker runs in workerd's: the load generator's senders and the server
 * measured never share an event loop, whichever server is measured.
 */
export async function startBoltNodeReceiver(options: BoltNodeReceiverOptions): Promise<BoltNodeReceiver> {
  // The secret goes on stdin, not on the command line, where other users of the machine could read it.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'bolt-node-receiver-process.ts')], {
    cwd: REPOSITORY,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin!.write(`${JSON.stringify(options)}\n`);
  let timer: NodeJS.Timeout | undefined;
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error('the Bolt app did not start in time')), START_TIMEOUT_MS);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the Bolt app exited (${code}) before listening`)));
      createInterface({ input: child.stdout! }).once('line', (line) => {
        let announced: unknown;
        try {
          announced = (JSON.parse(line) as { port?: unknown }).port;
        } catch {
          // Reported below.
        }
        if (typeof announced === 'number') resolve(announced);
        else reject(new Error('the Bolt app did not say its port'));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    pids: child.pid === undefined ? [] : [child.pid],
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.stdin!.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}
