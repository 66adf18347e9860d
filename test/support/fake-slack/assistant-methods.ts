// assistant.threads.* (the AI app surfaces), views.publish (the App Home) and
// conversations.info, with the arguments and error codes of Slack's method
// reference. Platform-free (no node:*).

import { arg, fail, type MethodHandler, ok } from './reply';
import { isTs } from './state';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The channel and thread every assistant.threads.* call names (thread_ts optional where Slack allows it). */
function thread(body: Record<string, unknown>, threadRequired: boolean): { error: ReturnType<typeof fail> } | { channel: string } {
  const channel = arg(body, 'channel_id');
  if (channel === undefined) return { error: fail('invalid_arguments', 'missing required field: channel_id') };
  if (!/^D[A-Z0-9]+$/.test(channel)) return { error: fail('channel_not_found') };
  const threadTs = arg(body, 'thread_ts');
  if (threadTs === undefined && threadRequired) return { error: fail('invalid_arguments', 'missing required field: thread_ts') };
  if (threadTs !== undefined && !isTs(threadTs)) return { error: fail('invalid_thread_ts') };
  return { channel };
}

/** An empty status clears it; loading_messages holds at most 10 strings. */
const setStatus: MethodHandler = (body) => {
  const checked = thread(body, true);
  if ('error' in checked) return checked.error;
  if (typeof body.status !== 'string') return fail('invalid_arguments', 'missing required field: status');
  const loading = body.loading_messages;
  if (loading !== undefined && (!Array.isArray(loading) || loading.length > 10 || !loading.every((m) => typeof m === 'string'))) {
    return fail('invalid_arguments', 'must provide at most 10 loading messages [json-pointer:/loading_messages]');
  }
  return ok();
};

/** Up to four prompts, each with a title and a message. */
const setSuggestedPrompts: MethodHandler = (body) => {
  const checked = thread(body, false);
  if ('error' in checked) return checked.error;
  const prompts = body.prompts;
  if (!Array.isArray(prompts) || prompts.length === 0) return fail('invalid_arguments', 'missing required field: prompts');
  if (prompts.length > 4) return fail('invalid_arguments', 'must provide at most 4 items [json-pointer:/prompts]');
  if (!prompts.every((p) => isObject(p) && typeof p.title === 'string' && p.title && typeof p.message === 'string' && p.message)) {
    return fail('invalid_arguments', 'each prompt needs a title and a message [json-pointer:/prompts]');
  }
  return ok();
};

const setTitle: MethodHandler = (body) => {
  const checked = thread(body, true);
  if ('error' in checked) return checked.error;
  if (arg(body, 'title') === undefined) return fail('invalid_arguments', 'missing required field: title');
  return ok();
};

/** Publishes a Home tab view to one user; the answer carries the stored view, as Slack's does. */
const viewsPublish: MethodHandler = (body, state) => {
  const user = arg(body, 'user_id');
  if (user === undefined || !/^[UW][A-Z0-9]+$/.test(user)) return fail('invalid_arguments', 'missing required field: user_id');
  const view = body.view;
  if (!isObject(view)) return fail('invalid_arguments', 'failed to match all allowed schemas [json-pointer:/view]');
  if (view.type !== 'home') return fail('invalid_arguments', 'must be a home view [json-pointer:/view/type]');
  if (!Array.isArray(view.blocks) || view.blocks.length > 100 || !view.blocks.every((b) => isObject(b) && typeof b.type === 'string')) {
    return fail('invalid_blocks');
  }
  const { identity } = state;
  const published = {
    id: `VH${user}`,
    team_id: identity.teamId,
    type: 'home',
    private_metadata: '',
    callback_id: '',
    external_id: '',
    state: { values: {} },
    hash: `1700000000.${String(state.homes.size + 1).padStart(8, '0')}`,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: `VH${user}`,
    previous_view_id: null,
    app_id: identity.appId,
    bot_id: identity.botId,
    ...structuredClone(view),
  };
  state.homes.set(user, published);
  return ok({ view: published });
};

/** What the app may know of a declared channel; others are channel_not_found (as for a private channel it is not in). */
const conversationsInfo: MethodHandler = (body, state) => {
  const channel = arg(body, 'channel');
  const declared = channel === undefined ? undefined : state.channels[channel];
  if (channel === undefined || declared === undefined) return fail('channel_not_found');
  if (declared.is_private && !state.botIsIn(channel)) return fail('channel_not_found');
  const name = declared.name ?? channel.toLowerCase();
  const topic = { value: '', creator: '', last_set: 0 };
  return ok({
    channel: {
      id: channel,
      name,
      name_normalized: name,
      is_channel: !declared.is_private,
      is_group: false,
      is_im: false,
      is_private: declared.is_private ?? false,
      is_archived: false,
      is_member: state.botIsIn(channel),
      created: 1_600_000_000,
      creator: 'U0000',
      topic,
      purpose: { value: declared.purpose ?? '', creator: declared.purpose ? 'U0000' : '', last_set: declared.purpose ? 1_600_000_000 : 0 },
    },
  });
};

export const assistantMethods: Record<string, MethodHandler> = {
  'assistant.threads.setStatus': setStatus,
  'assistant.threads.setSuggestedPrompts': setSuggestedPrompts,
  'assistant.threads.setTitle': setTitle,
  'views.publish': viewsPublish,
  'conversations.info': conversationsInfo,
};
