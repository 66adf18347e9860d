/**
 * The Bolt baseline's own process (started by bolt-node-receiver.ts): reads
 * its options as one JSON line on stdin, starts the app, writes
 * {"port": N} on stdout, and stops when stdin closes (the parent went away
 * or asked it to stop).
 */
import { createInterface } from 'node:readline';
import { type BoltNodeAppOptions, startBoltNodeApp } from './bolt-node-app';

async function main() {
  const lines = createInterface({ input: process.stdin });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    lines.once('close', () => reject(new Error('no options on stdin')));
  });
  const app = await startBoltNodeApp(JSON.parse(first) as BoltNodeAppOptions);
  process.stdout.write(`${JSON.stringify({ port: app.port })}\n`);
  lines.once('close', () => {
    app.stop().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
