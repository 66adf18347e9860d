import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startMiniflareWorker } from './miniflare-worker';

// The empty variant needs no bundle build, so this stays quick; the bundle itself is exercised by `npm run bench:slack`.
describe('startMiniflareWorker', () => {
  it.each([
    ['on its own socket', false],
    ["through Miniflare's entry worker", true],
  ])('serves the Worker %s on loopback, with its workerd process, and stops', async (_how, throughEntryWorker) => {
    const worker = await startMiniflareWorker({ vars: {}, variant: 'empty', throughEntryWorker });
    try {
      expect(worker.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${worker.origin}/slack/events`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(200);
      if (existsSync('/proc/self/stat')) expect(worker.pids.length).toBeGreaterThan(0);
    } finally {
      await worker.stop();
    }
    await expect(fetch(`${worker.origin}/`)).rejects.toThrow();
  }, 60_000);
});
