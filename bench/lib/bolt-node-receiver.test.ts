import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startBoltNodeReceiver } from './bolt-node-receiver';
import { signedAppMentions } from './signed-events';

describe('startBoltNodeReceiver', () => {
  it('runs the Bolt app in a process of its own that acknowledges signed events, refuses bad signatures, and stops', async () => {
    const bolt = await startBoltNodeReceiver({ signingSecret: 'bench-secret', token: 'xoxb-test', botUserId: 'UBOT', botId: 'B0BOT', slackApiUrl: 'http://127.0.0.1:9/' });
    try {
      expect(bolt.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
      expect(bolt.pids).toHaveLength(1);
      expect(bolt.pids[0]).not.toBe(process.pid);
      const [good, forged] = signedAppMentions(2, { signingSecret: 'bench-secret', nowMs: Date.now() });
      const ok = await fetch(bolt.url, { method: 'POST', headers: good!.headers, body: good!.body });
      expect(ok.status).toBe(200);
      const refused = await fetch(bolt.url, { method: 'POST', headers: { ...forged!.headers, 'x-slack-signature': `v0=${'0'.repeat(64)}` }, body: forged!.body });
      expect(refused.status).toBe(401);
    } finally {
      await bolt.stop();
    }
    if (existsSync('/proc/self/stat')) expect(existsSync(`/proc/${bolt.pids[0]}`)).toBe(false);
    await expect(fetch(bolt.url, { method: 'POST' })).rejects.toThrow();
  }, 30_000);
});
