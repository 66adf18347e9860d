/**
 * The parts of a Slack Events API `event_callback` we act on, validated:
 * anything else is ignored rather than trusted.
 */
export interface SlackMessageEvent {
  type: 'app_mention' | 'message';
  channel: string;
  channelType: string | null;
  user: string;
  text: string;
  ts: string;
  threadTs: string | null;
}

export type Classification = { kind: 'question'; event: SlackMessageEvent } | { kind: 'ignore'; reason: string };

const ID = /^[A-Z0-9]{2,}$/;
const TS = /^\d{1,12}\.\d{1,9}$/;

/**
 * Which events are questions: mentions, direct messages, and replies in a
 * thread the bot already answered. The bot's own messages, other bots,
 * edits, deletions and other subtypes are ignored.
 */
export function classifyEvent(event: unknown, botUserId: string | null, answeredThread: boolean): Classification {
  if (typeof event !== 'object' || event === null) return { kind: 'ignore', reason: 'no event' };
  const raw = event as Record<string, unknown>;
  if (raw.type !== 'app_mention' && raw.type !== 'message') return { kind: 'ignore', reason: `event type ${String(raw.type)}` };
  if (raw.subtype !== undefined && raw.subtype !== 'file_share') return { kind: 'ignore', reason: `subtype ${String(raw.subtype)}` };
  if (raw.bot_id !== undefined || raw.bot_profile !== undefined) return { kind: 'ignore', reason: 'from a bot' };
  if (raw.edited !== undefined) return { kind: 'ignore', reason: 'an edit' };
  const { channel, user, text, ts } = raw;
  if (typeof channel !== 'string' || !ID.test(channel) || typeof user !== 'string' || !ID.test(user)) return { kind: 'ignore', reason: 'malformed ids' };
  if (typeof ts !== 'string' || !TS.test(ts) || typeof text !== 'string') return { kind: 'ignore', reason: 'malformed message' };
  if (botUserId && user === botUserId) return { kind: 'ignore', reason: 'own message' };
  const threadTs = typeof raw.thread_ts === 'string' && TS.test(raw.thread_ts) ? raw.thread_ts : null;
  const channelType = typeof raw.channel_type === 'string' ? raw.channel_type : null;
  const message: SlackMessageEvent = { type: raw.type, channel, channelType, user, text, ts, threadTs };
  if (raw.type === 'app_mention') return { kind: 'question', event: message };
  if (channelType === 'im') return { kind: 'question', event: message };
  if (threadTs && threadTs !== ts && answeredThread) return { kind: 'question', event: message };
  return { kind: 'ignore', reason: 'channel message not addressed to the bot' };
}

/** The question without the bot's mention (and any other user mentions' markup). */
export function questionText(text: string, botUserId: string | null): string {
  const withoutBot = botUserId ? text.replaceAll(`<@${botUserId}>`, ' ') : text.replace(/^\s*<@[A-Z0-9]+>/, ' ');
  return withoutBot
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
