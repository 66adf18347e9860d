// conversations.members / .replies / .history and reactions.add / remove,
// with Slack's cursor pagination and error codes. Platform-free (no node:*).

import { arg, count, decodeCursor, encodeCursor, fail, flag, type MethodHandler, ok, present } from './reply';
import { compareTs, isTs, type SlackState } from './state';
import type { StoredMessage } from './types';

/** Slack's documented default page size for conversations.members. */
const MEMBERS_DEFAULT_LIMIT = 100;
const REPLIES_DEFAULT_LIMIT = 1000;
const HISTORY_DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

const members: MethodHandler = (body, state) => {
  const channel = arg(body, 'channel');
  const declared = channel === undefined ? undefined : state.channels[channel];
  if (declared === undefined) return fail('channel_not_found');
  const limit = count(body, 'limit', MEMBERS_DEFAULT_LIMIT, MAX_LIMIT);

  let start = 0;
  const cursor = arg(body, 'cursor');
  if (cursor !== undefined) {
    // Slack's members cursors decode to 'user:<first user of the next page>'.
    const user = decodeCursor('user', cursor);
    start = user === undefined ? -1 : declared.members.indexOf(user);
    if (start < 0) return fail('invalid_cursor');
  }
  const page = declared.members.slice(start, start + limit);
  const next = declared.members[start + limit];
  // The last page carries an empty next_cursor, which is what WebClient.paginate stops on.
  return ok({ members: page, response_metadata: { next_cursor: next === undefined ? '' : encodeCursor('user', next) } });
};

/** One page of a list, with Slack's 'next_ts:<ts>' cursors and has_more. */
function paginate(body: Record<string, unknown>, all: Record<string, unknown>[], defaultLimit: number) {
  const limit = count(body, 'limit', defaultLimit, MAX_LIMIT);
  let start = 0;
  const cursor = arg(body, 'cursor');
  if (cursor !== undefined) {
    const nextTs = decodeCursor('next_ts', cursor);
    start = nextTs === undefined ? -1 : all.findIndex((m) => m.ts === nextTs);
    if (start < 0) return fail('invalid_cursor');
  }
  const next = all[start + limit];
  return ok({
    messages: all.slice(start, start + limit),
    has_more: next !== undefined,
    ...(next !== undefined && { response_metadata: { next_cursor: encodeCursor('next_ts', String(next.ts)) } }),
  });
}

/** A thread's parent as Slack lists it: reply_count, reply_users, latest_reply. */
function asParent(state: SlackState, parent: StoredMessage, replies: StoredMessage[], withMetadata: boolean) {
  const listed = present(state, parent, withMetadata);
  if (replies.length === 0) return listed;
  const users = [...new Set(replies.map((m) => m.user))];
  return { ...listed, thread_ts: parent.ts, reply_count: replies.length, reply_users: users, reply_users_count: users.length, latest_reply: replies.at(-1)!.ts };
}

const repliesTo = (state: SlackState, channel: string, ts: string) =>
  state
    .list(channel)
    .filter((m) => m.thread_ts === ts && m.ts !== ts)
    .sort((a, b) => compareTs(a.ts, b.ts));

/**
 * A thread, oldest first: the parent (with reply_count ...) then its replies
 * (with parent_user_id). A ts that is itself a reply, or an unthreaded
 * message, yields just that message, as in Slack. Metadata only with
 * include_all_metadata.
 *
 * A parent the fake never stored (an inbound event's message, not seeded)
 * yields just the replies it knows, not thread_not_found: in Slack that parent
 * exists. Seed it with seedMessage() for a faithful thread.
 */
const replies: MethodHandler = (body, state) => {
  const channel = arg(body, 'channel');
  if (channel === undefined) return fail('channel_not_found');
  if (!state.botIsIn(channel)) return fail('not_in_channel');
  const ts = arg(body, 'ts');
  if (ts === undefined || !isTs(ts)) return fail('thread_not_found');
  const withMetadata = flag(body, 'include_all_metadata');
  const root = state.find(channel, ts);
  const isReply = root?.thread_ts !== undefined && root.thread_ts !== root.ts;
  const thread = isReply ? [] : repliesTo(state, channel, ts);
  const parentUser = root?.user;
  const listed = thread.map((m) => ({ ...present(state, m, withMetadata), ...(parentUser !== undefined && { parent_user_id: parentUser }) }));
  return paginate(body, root === undefined ? listed : [asParent(state, root, thread, withMetadata), ...listed], REPLIES_DEFAULT_LIMIT);
};

/** The channel's top-level messages, newest first as Slack lists them; replies stay in their threads. */
const history: MethodHandler = (body, state) => {
  const channel = arg(body, 'channel');
  if (channel === undefined) return fail('channel_not_found');
  if (!state.botIsIn(channel)) return fail('not_in_channel');
  const withMetadata = flag(body, 'include_all_metadata');
  const topLevel = state
    .list(channel)
    .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
    .sort((a, b) => compareTs(b.ts, a.ts));
  return paginate(body, topLevel.map((m) => asParent(state, m, repliesTo(state, channel, m.ts), withMetadata)), HISTORY_DEFAULT_LIMIT);
};

type ReactionTarget = { channel: string; timestamp: string; name: string } | { error: string };

/** The arguments both reaction methods share, or Slack's error for the first missing one. */
function reactionTarget(body: Record<string, unknown>): ReactionTarget {
  const channel = arg(body, 'channel');
  const timestamp = arg(body, 'timestamp');
  if (channel === undefined && timestamp === undefined) return { error: 'no_item_specified' };
  if (channel === undefined) return { error: 'channel_not_found' };
  // Any well-formed ts is accepted: reactions usually go on user messages that
  // reached the app as events and were never stored by this fake.
  if (timestamp === undefined || !isTs(timestamp)) return { error: 'message_not_found' };
  const name = arg(body, 'name');
  if (name === undefined || !/^[a-z0-9_+'-]+$/.test(name)) return { error: 'invalid_name' };
  return { channel, timestamp, name };
}

const reactionsAdd: MethodHandler = (body, state) => {
  const target = reactionTarget(body);
  if ('error' in target) return fail(target.error);
  if (!state.botIsIn(target.channel)) return fail('not_in_channel');
  if (!state.addReaction(target.channel, target.timestamp, target.name, state.identity.botUserId)) return fail('already_reacted');
  return ok();
};

const reactionsRemove: MethodHandler = (body, state) => {
  const target = reactionTarget(body);
  if ('error' in target) return fail(target.error);
  if (!state.removeReaction(target.channel, target.timestamp, target.name, state.identity.botUserId)) return fail('no_reaction');
  return ok();
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.members': members,
  'conversations.replies': replies,
  'conversations.history': history,
  'reactions.add': reactionsAdd,
  'reactions.remove': reactionsRemove,
};
