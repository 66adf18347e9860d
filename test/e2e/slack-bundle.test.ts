import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// The deployable bundle (`wrangler deploy --dry-run`, esbuild) acknowledges
// signed Slack events in workerd. The workerd test pool loads the source
// through Vite, whose CommonJS interop differs from esbuild's: a Bolt import
// that worked there once answered every Slack event with a 500 in the real
// bundle. bench:slack builds that bundle and sends it real signed events.
describe('the deployable bundle in workerd', () => {
  it('acknowledges signed Slack events, with no errors', async () => {
    const { stdout } = await run('node_modules/.bin/tsx', ['bench/slack.ts', '--duration-seconds', '1', '--concurrency', '1', '--json'], {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as { levels: { figures: { worker: { requests: number; errors: number } } }[] };
    const worker = report.levels[0]!.figures.worker;
    expect(worker.requests).toBeGreaterThan(0);
    expect(worker.errors).toBe(0);
  }, 180_000);
});
