import { describe, expect, it } from 'vitest';
import { classifyEvent, classifyMessage, questionText } from './slack-event';

const base = { channel: 'C1001', user: 'U1001', text: '<@UBOT> is there parking?', ts: '1700000000.000100' };

describe('classifyEvent', () => {
  it.each([
    ['a mention in a channel', { ...base, type: 'app_mention' }, false, 'question'],
    ['a direct message', { ...base, type: 'message', channel: 'D1001', channel_type: 'im', text: 'is there parking?' }, false, 'question'],
    ['a reply in a thread the bot answered', { ...base, type: 'message', channel_type: 'channel', thread_ts: '1699999999.000100', text: 'and for bikes?' }, true, 'question'],
    ['a reply in a thread the bot never answered', { ...base, type: 'message', channel_type: 'channel', thread_ts: '1699999999.000100' }, false, 'ignore'],
    ['plain channel chatter', { ...base, type: 'message', channel_type: 'channel' }, false, 'ignore'],
    ['the bot itself', { ...base, type: 'message', channel_type: 'im', user: 'UBOT' }, false, 'ignore'],
    ['another bot', { ...base, type: 'message', channel_type: 'im', bot_id: 'B9' }, false, 'ignore'],
    ['an edit', { ...base, type: 'message', channel_type: 'im', subtype: 'message_changed' }, false, 'ignore'],
    ['a deletion', { ...base, type: 'message', channel_type: 'im', subtype: 'message_deleted' }, false, 'ignore'],
    ['an edited mention', { ...base, type: 'app_mention', edited: { user: 'U1001', ts: '1' } }, false, 'ignore'],
    ['a reaction event', { type: 'reaction_added' }, false, 'ignore'],
    ['malformed ids', { ...base, type: 'app_mention', channel: 'c1001; DROP' }, false, 'ignore'],
    ['a non-string text', { ...base, type: 'app_mention', text: 42 }, false, 'ignore'],
    ['a file shared in a DM', { ...base, type: 'message', channel: 'D1001', channel_type: 'im', subtype: 'file_share', text: '', files: [{ name: 'a.pdf' }] }, false, 'question'],
    ['a file shared in an answered thread', { ...base, type: 'message', channel_type: 'channel', subtype: 'file_share', thread_ts: '1699999999.000100', files: [{ name: 'a.pdf' }] }, true, 'question'],
    ['a thread_broadcast in an answered thread', { ...base, type: 'message', channel_type: 'channel', subtype: 'thread_broadcast', thread_ts: '1699999999.000100' }, true, 'question'],
    ['a channel join', { ...base, type: 'message', channel_type: 'channel', subtype: 'channel_join' }, true, 'ignore'],
    ["Slackbot's notice", { ...base, type: 'message', channel: 'D1001', channel_type: 'im', user: 'USLACKBOT', text: 'You have been removed from #general' }, false, 'ignore'],
    ['an empty DM', { ...base, type: 'message', channel: 'D1001', channel_type: 'im', text: '  ' }, false, 'ignore'],
  ] as const)('%s: %s', (_name, event, answered, kind) => {
    expect(classifyEvent(event, 'UBOT', answered).kind).toBe(kind);
  });

  it('keeps the thread of a follow-up', () => {
    const result = classifyEvent({ ...base, type: 'message', channel_type: 'channel', thread_ts: '1699999999.000100' }, 'UBOT', true);
    expect(result).toMatchObject({ kind: 'question', event: { threadTs: '1699999999.000100', channel: 'C1001', user: 'U1001' } });
  });
});

describe('classifyMessage', () => {
  it('looks the thread up only for a message that is neither a mention nor a DM', async () => {
    const lookups: string[] = [];
    const lookup = async (channel: string, threadTs: string) => {
      lookups.push(`${channel}/${threadTs}`);
      return true;
    };
    expect((await classifyMessage({ ...base, type: 'app_mention', thread_ts: '1699999999.000100' }, 'UBOT', lookup)).kind).toBe('question');
    expect((await classifyMessage({ ...base, type: 'message', channel_type: 'channel', thread_ts: '1699999999.000100' }, 'UBOT', lookup)).kind).toBe('question');
    expect(lookups).toEqual(['C1001/1699999999.000100']);
  });
});

describe('questionText', () => {
  it('drops the mention and unwraps Slack markup', () => {
    expect(questionText('<@UBOT>   is there parking &amp; bike storage? see <https://intranet.example.com/p|the page>', 'UBOT')).toBe(
      'is there parking & bike storage? see the page',
    );
  });
});
