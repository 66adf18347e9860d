import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';

describe('nightly retention', () => {
  it('deletes handled Slack events older than the retention, and keeps recent or unfinished ones', async () => {
    const old = '2026-01-01T00:00:00.000Z';
    const recent = new Date().toISOString();
    const insert = (key: string, status: string, at: string) =>
      env.DB.prepare("INSERT INTO inbound_events (key, source, payload, status, received_at, updated_at) VALUES (?, 'slack', '{}', ?, ?, ?)").bind(key, status, at, at).run();
    await insert('slack:old-done', 'done', old);
    await insert('slack:old-queued', 'queued', old);
    await insert('slack:new-done', 'done', recent);
    await env.DB.prepare("INSERT INTO slack_messages (channel, ts, event_key) VALUES ('C1', '1.1', 'slack:old-done')").run();
    await env.DB.prepare("INSERT INTO deliveries (key, status, created_at, updated_at) VALUES ('reply:old', 'sent', ?, ?)").bind(old, old).run();

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: new Date(), cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    const { results } = await env.DB.prepare('SELECT key FROM inbound_events ORDER BY key').all<{ key: string }>();
    expect(results.map((row) => row.key)).toEqual(['slack:new-done', 'slack:old-queued']);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM slack_messages').first<{ n: number }>())?.n).toBe(0);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM deliveries WHERE key = 'reply:old'").first<{ n: number }>())?.n).toBe(0);
  });
});
