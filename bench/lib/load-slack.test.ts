import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, type StoredMessage, startFakeSlack } from '../../test/support/fake-slack/server';
import { countThreadReplies, SlackReplyWatcher } from './load-slack';

const bot = (thread_ts: string | undefined, key?: string): StoredMessage => ({
  type: 'message',
  channel: 'C1001',
  ts: `1700000001.${Math.random().toFixed(6).slice(2)}`,
  user: 'UBOT',
  text: 'reply',
  ...(thread_ts ? { thread_ts } : {}),
  ...(key ? { metadata: { event_type: 'countersign_delivery', event_payload: { key } } } : {}),
});

describe('countThreadReplies', () => {
  it('counts the bot’s posts per question thread: none is unanswered, more than one is a duplicate', () => {
    const messages = [
      bot('1.000001', 'reply:slack:Ev1'),
      bot('1.000002', 'holding:slack:Ev2'),
      bot('1.000002', 'reply:slack:Ev2'),
      // Not the bot, not a question thread, or not in a thread: ignored.
      { ...bot('1.000003'), user: 'U1001' },
      bot('9.000009', 'reply:slack:Ev9'),
      bot(undefined, 'reply:slack:Ev3'),
    ];
    expect(countThreadReplies(['1.000001', '1.000002', '1.000003'], messages, 'UBOT')).toEqual({
      questions: 3,
      unanswered: 1,
      duplicates: 1,
      kinds: { reply: 2, holding: 1 },
    });
  });
});

describe('SlackReplyWatcher', () => {
  let fake: FakeSlack;
  let watcher: SlackReplyWatcher;
  beforeEach(async () => {
    fake = await startFakeSlack({ botToken: 'xoxb-test' });
    watcher = new SlackReplyWatcher(fake, 'C1001');
  });
  afterEach(async () => {
    watcher.detach();
    await fake.close();
  });

  const post = (body: Record<string, string>) =>
    fetch(`${fake.url}chat.postMessage`, { method: 'POST', headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('resolves with the arrival time of the first post in the watched thread', async () => {
    const before = performance.now();
    const waiting = watcher.wait('1700000000.000100', 5000);
    await post({ channel: 'C1001', text: 'elsewhere' });
    await post({ channel: 'C2002', thread_ts: '1700000000.000100', text: 'other channel' });
    await post({ channel: 'C1001', thread_ts: '1700000000.000100', text: 'the reply' });
    const at = await waiting;
    expect(at).not.toBeNull();
    expect(at!).toBeGreaterThanOrEqual(before);
    // The fake still records every call.
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('resolves with null after the timeout, or at once when told to forget the thread', async () => {
    expect(await watcher.wait('1700000000.000200', 20)).toBeNull();
    const forgotten = watcher.wait('1700000000.000300', 5000);
    watcher.forget('1700000000.000300');
    expect(await forgotten).toBeNull();
  });

  it('leaves the fake as it was once detached', async () => {
    const waiting = watcher.wait('1700000000.000400', 200);
    watcher.detach();
    await post({ channel: 'C1001', thread_ts: '1700000000.000400', text: 'x' });
    expect(await waiting).toBeNull();
    expect(fake.calls).toHaveLength(1);
    expect(Object.hasOwn(fake.calls, 'push')).toBe(false);
  });
});
