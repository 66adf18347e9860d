/**
 * The parts of a Slack Events API `event_callback` we act on, validated:
 * anything else is ignored rather than trusted.
 */
export interface SlackMessageEvent {
  type: 'app_mention' | 'message';
  channel: string;
  channelType: string | null;
  user: string;
  /** The asker's own workspace, when Slack says (Slack Connect: `user_team`, else the message's `team`). */
  userTeam: string | null;
  text: string;
  ts: string;
  threadTs: string | null;
  /** Names of files shared with the message (a `file_share`), for the question text. */
  files: string[];
}

export type Classification = { kind: 'question'; event: SlackMessageEvent } | { kind: 'ignore'; reason: string };

const ID = /^[A-Z0-9]{2,}$/;
const TS = /^\d{1,12}\.\d{1,9}$/;
/**
 * Message subtypes written by a person: a plain message has none, a file
 * shared with a comment is `file_share`, a thread reply also sent to the
 * channel is `thread_broadcast`. Every other subtype is a system notice
 * (joins, topic changes, edits, deletions, bot messages).
 */
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);
/** Senders that are Slack itself, never a person asking: Slackbot's notices ("You have been removed from #x"). */
const SYSTEM_USERS = new Set(['USLACKBOT']);
const MAX_FILES = 10;

/**
 * Which events are questions: mentions, direct messages, and replies in a
 * thread the bot already answered. The bot's own messages, other bots,
 * Slackbot, edits, deletions and system subtypes are ignored. Intake and the
 * queue consumer both decide with this one function, so what intake lets
 * through is exactly what the consumer answers.
 */
export async function classifyMessage(event: unknown, botUserId: string | null, isAnsweredThread: (channel: string, threadTs: string) => Promise<boolean>): Promise<Classification> {
  const parsed = parse(event, botUserId);
  if (parsed.kind === 'ignore' || parsed.addressed) return toClassification(parsed);
  const { threadTs, ts, channel } = parsed.event;
  const followUp = threadTs !== null && threadTs !== ts && (await isAnsweredThread(channel, threadTs));
  return toClassification({ ...parsed, addressed: followUp });
}

/** classifyMessage with the thread lookup already done (true when the thread is one the bot answered). */
export function classifyEvent(event: unknown, botUserId: string | null, answeredThread: boolean): Classification {
  const parsed = parse(event, botUserId);
  if (parsed.kind === 'ignore' || parsed.addressed) return toClassification(parsed);
  const { threadTs, ts } = parsed.event;
  return toClassification({ ...parsed, addressed: threadTs !== null && threadTs !== ts && answeredThread });
}

type Parsed = { kind: 'ignore'; reason: string } | { kind: 'candidate'; event: SlackMessageEvent; addressed: boolean };

function toClassification(parsed: Parsed): Classification {
  if (parsed.kind === 'ignore') return parsed;
  return parsed.addressed ? { kind: 'question', event: parsed.event } : { kind: 'ignore', reason: 'channel message not addressed to the bot' };
}

/** A person's message, and whether it is addressed to the bot without looking at its thread (a mention or a DM). */
function parse(event: unknown, botUserId: string | null): Parsed {
  if (typeof event !== 'object' || event === null) return { kind: 'ignore', reason: 'no event' };
  const raw = event as Record<string, unknown>;
  if (raw.type !== 'app_mention' && raw.type !== 'message') return { kind: 'ignore', reason: `event type ${String(raw.type).slice(0, 40)}` };
  if (!PERSON_SUBTYPES.has(raw.subtype as string | undefined)) return { kind: 'ignore', reason: `subtype ${String(raw.subtype).slice(0, 40)}` };
  if (raw.bot_id !== undefined || raw.bot_profile !== undefined) return { kind: 'ignore', reason: 'from a bot' };
  if (raw.edited !== undefined) return { kind: 'ignore', reason: 'an edit' };
  const { channel, user, ts } = raw;
  const text = raw.text ?? (raw.subtype === 'file_share' ? '' : undefined);
  if (typeof channel !== 'string' || !ID.test(channel) || typeof user !== 'string' || !ID.test(user)) return { kind: 'ignore', reason: 'malformed ids' };
  if (typeof ts !== 'string' || !TS.test(ts) || typeof text !== 'string') return { kind: 'ignore', reason: 'malformed message' };
  if (SYSTEM_USERS.has(user)) return { kind: 'ignore', reason: 'a Slack system notice' };
  if (botUserId && user === botUserId) return { kind: 'ignore', reason: 'own message' };
  const files = fileNames(raw.files);
  if (text.trim() === '' && files.length === 0) return { kind: 'ignore', reason: 'nothing to answer' };
  const threadTs = typeof raw.thread_ts === 'string' && TS.test(raw.thread_ts) ? raw.thread_ts : null;
  const channelType = typeof raw.channel_type === 'string' ? raw.channel_type : null;
  const team = typeof raw.user_team === 'string' ? raw.user_team : raw.team;
  const userTeam = typeof team === 'string' && ID.test(team) ? team : null;
  const message: SlackMessageEvent = { type: raw.type, channel, channelType, user, userTeam, text, ts, threadTs, files };
  return { kind: 'candidate', event: message, addressed: raw.type === 'app_mention' || channelType === 'im' };
}

/** The shared files' names (Slack's file objects carry `name` and `title`), a few, each short. */
function fileNames(files: unknown): string[] {
  if (!Array.isArray(files)) return [];
  return files
    .slice(0, MAX_FILES)
    .map((file) => (typeof file === 'object' && file !== null ? ((file as { title?: unknown; name?: unknown }).title ?? (file as { name?: unknown }).name) : null))
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '')
    .map((name) => name.trim().slice(0, 200));
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

/** What the engine is asked: the message's text, and the files it shares by name (their content is not read). */
export function questionOf(event: SlackMessageEvent, botUserId: string | null): string {
  const text = questionText(event.text, botUserId);
  if (event.files.length === 0) return text;
  const shared = `(shared ${event.files.length === 1 ? 'a file' : 'files'}: ${event.files.join(', ')})`;
  return text ? `${text} ${shared}` : shared;
}
