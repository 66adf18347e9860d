import { describe, expect, it } from 'vitest';
import { countLogEvents } from './load-worker';

describe('countLogEvents', () => {
  it('counts the Worker’s JSON log lines by event, skipping everything else', () => {
    const output = [
      '{"event":"work-failed","queue":"countersign-work","attempts":1,"error":"Error"}',
      'workerd/server/server.c++:1234: info: something from the runtime',
      '{"event":"web-question-requeued","messageId":"m1","attempt":1}',
      '[wrangler:info] QUEUE countersign-work 10/10 (120ms)',
      '{"event":"work-failed","queue":"countersign-work","attempts":2,"error":"Error"}',
      '{"event":"cut short',
      '{"not":"an event"}',
    ].join('\n');
    expect(countLogEvents(output)).toEqual({ 'work-failed': 2, 'web-question-requeued': 1 });
  });

  it('finds an event after a prefix on the same line', () => {
    expect(countLogEvents('12:00:01 {"event":"slack-signature-refused","check":"stale"}')).toEqual({ 'slack-signature-refused': 1 });
  });
});
