// auth.test, chat.*, views.open and users.info, answering with the fields and
// error codes of Slack's method reference. Platform-free (no node:*).

import { arg, fail, type MethodHandler, messageContent, ok, present } from './reply';
import { isTs } from './state';
import type { StoredMessage } from './types';

const authTest: MethodHandler = (_body, state) => {
  const { identity } = state;
  return ok({
    url: `https://${identity.teamDomain}.slack.com/`,
    team: 'Countersign Test',
    user: 'countersign',
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  });
};

const postMessage: MethodHandler = (body, state) => {
  const channel = arg(body, 'channel');
  if (channel === undefined) return fail('channel_not_found');
  if (!state.botIsIn(channel)) return fail('not_in_channel');
  const content = messageContent(body);
  if ('error' in content) return fail(content.error);
  const threadTs = arg(body, 'thread_ts');
  if (threadTs !== undefined && !isTs(threadTs)) return fail('invalid_thread_ts');

  const { identity } = state;
  const message: StoredMessage = {
    type: 'message',
    channel,
    ts: state.nextTs(),
    user: identity.botUserId,
    bot_id: identity.botId,
    app_id: identity.appId,
    team: identity.teamId,
    text: content.text ?? '',
    ...(threadTs !== undefined && { thread_ts: threadTs }),
    ...(content.blocks !== undefined && { blocks: content.blocks }),
    ...(content.attachments !== undefined && { attachments: content.attachments }),
    ...(content.metadata !== undefined && { metadata: content.metadata }),
  };
  state.messages.push(message);
  return ok({ channel, ts: message.ts, message: present(state, message, true) });
};

const update: MethodHandler = (body, state) => {
  const channel = arg(body, 'channel');
  if (channel === undefined) return fail('channel_not_found');
  const ts = arg(body, 'ts');
  const message = ts === undefined ? undefined : state.find(channel, ts);
  if (message === undefined) return fail('message_not_found');
  // Bots may only edit their own messages.
  if (message.user !== state.identity.botUserId) return fail('cant_update_message');
  const content = messageContent(body);
  if ('error' in content) return fail(content.error);

  if (content.text !== undefined || content.blocks !== undefined) message.text = content.text ?? '';
  if (content.blocks !== undefined) message.blocks = content.blocks;
  if (content.attachments !== undefined) message.attachments = content.attachments;
  if (content.metadata !== undefined) message.metadata = content.metadata;
  message.edited = { user: state.identity.botUserId, ts: state.nextTs() };
  return ok({ channel, ts: message.ts, text: message.text, message: present(state, message, true) });
};

const postEphemeral: MethodHandler = (body, state) => {
  const channel = arg(body, 'channel');
  if (channel === undefined) return fail('channel_not_found');
  const user = arg(body, 'user');
  if (user === undefined) return fail('user_not_found');
  if (!state.botIsIn(channel)) return fail('not_in_channel');
  if (!state.userIsIn(channel, user)) return fail('user_not_in_channel');
  const content = messageContent(body);
  if ('error' in content) return fail(content.error);
  const threadTs = arg(body, 'thread_ts');
  const messageTs = state.nextTs();
  state.ephemerals.push({
    channel,
    user,
    text: content.text ?? '',
    message_ts: messageTs,
    ...(content.blocks !== undefined && { blocks: content.blocks }),
    ...(threadTs !== undefined && { thread_ts: threadTs }),
  });
  return ok({ message_ts: messageTs });
};

/**
 * Slack's permalink format: p + the ts without its dot, plus thread_ts and cid
 * for a reply. Any well-formed ts gets one, so messages that reached the app as
 * events (never stored here) can be linked too.
 */
const getPermalink: MethodHandler = (body, state) => {
  const channel = arg(body, 'channel');
  if (channel === undefined) return fail('channel_not_found');
  const ts = arg(body, 'message_ts');
  if (ts === undefined || !isTs(ts)) return fail('message_not_found');
  let permalink = `https://${state.identity.teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  const stored = state.find(channel, ts);
  if (stored?.thread_ts !== undefined && stored.thread_ts !== ts) permalink += `?thread_ts=${stored.thread_ts}&cid=${channel}`;
  return ok({ channel, permalink });
};

const viewsOpen: MethodHandler = (body, state) => {
  const triggerId = arg(body, 'trigger_id');
  if (triggerId === undefined) return fail('invalid_arguments', 'missing required field: trigger_id');
  const view = body.view;
  if (view === undefined) return fail('invalid_arguments', 'missing required field: view');
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    return fail('invalid_arguments', 'failed to match all allowed schemas [json-pointer:/view]');
  }
  const requested = view as Record<string, unknown>;
  if (requested.type !== 'modal') return fail('invalid_arguments', 'must be a modal view [json-pointer:/view/type]');

  const { identity } = state;
  const id = state.nextViewId();
  const opened = {
    id,
    team_id: identity.teamId,
    type: 'modal',
    blocks: [],
    private_metadata: '',
    callback_id: '',
    external_id: '',
    close: null,
    submit: null,
    clear_on_close: false,
    notify_on_close: false,
    ...structuredClone(requested),
    state: { values: {} },
    // Opaque to apps; only echoed back by views.update to detect races.
    hash: `1700000000.${id.slice(1).padStart(8, '0')}`,
    previous_view_id: null,
    root_view_id: id,
    app_id: identity.appId,
    app_installed_team_id: identity.teamId,
    bot_id: identity.botId,
  };
  state.views.push({ trigger_id: triggerId, view: opened });
  return ok({ view: opened });
};

/** A minimal user, enough for display names and the bot check. */
const usersInfo: MethodHandler = (body, state) => {
  const user = arg(body, 'user');
  if (user === undefined || !/^[UW][A-Z0-9]+$/.test(user)) return fail('user_not_found');
  const profile = state.users[user] ?? {};
  if (profile.unknown) return fail('user_not_found');
  const { identity } = state;
  const isBot = user === identity.botUserId;
  const name = isBot ? 'countersign' : user.toLowerCase();
  const realName = isBot ? 'Countersign' : `User ${user}`;
  return ok({
    user: {
      id: user,
      team_id: profile.team_id ?? identity.teamId,
      name,
      deleted: false,
      real_name: realName,
      tz: 'Europe/London',
      is_admin: false,
      is_owner: false,
      is_bot: isBot,
      is_app_user: false,
      is_restricted: profile.is_restricted === true || profile.is_ultra_restricted === true,
      is_ultra_restricted: profile.is_ultra_restricted === true,
      ...(profile.team_id !== undefined && profile.team_id !== identity.teamId && { is_stranger: true }),
      profile: {
        real_name: realName,
        display_name: name,
        ...(isBot && { bot_id: identity.botId, api_app_id: identity.appId }),
      },
    },
  });
};

/** bots.info: the bot's app, which auth.test does not always name. */
const botsInfo: MethodHandler = (body, state) => {
  const { identity } = state;
  if (arg(body, 'bot') !== identity.botId) return fail('bot_not_found');
  return ok({ bot: { id: identity.botId, deleted: false, name: 'countersign', updated: 1700000000, app_id: identity.appId, user_id: identity.botUserId, icons: {} } });
};

export const chatMethods: Record<string, MethodHandler> = {
  'bots.info': botsInfo,
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
  'views.open': viewsOpen,
  'users.info': usersInfo,
};
