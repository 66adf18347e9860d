import { SELF } from 'cloudflare:test';
import { signSlackRequest } from '../../src/adapters/slack/verify-signature';

export const SIGNING_SECRET = 'test-signing-secret';
const ORIGIN = 'https://countersign.test';

/** Sends a request signed as Slack signs it (or with the given signature headers). */
export async function slackPost(path: string, body: string, options: { contentType?: string; headers?: Record<string, string>; timestamp?: number; secret?: string } = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = await signSlackRequest(options.secret ?? SIGNING_SECRET, timestamp, body);
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      ...options.headers,
    },
    body,
  });
}

let counter = 0;

/** An Events API envelope around an event, in Slack's documented shape. */
export function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${Date.now()}${counter++}`) {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    api_app_id: 'A0001',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  };
}

/**
 * One of Slack's documented payloads (test/fixtures/slack) as a fresh
 * delivery: a new event_id and message ts, so it is not taken for a retry of
 * an earlier test's; `event` fields (thread_ts ...) and envelope fields override.
 */
export function fromFixture(fixture: Record<string, unknown>, event: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) {
  const original = fixture.event as Record<string, unknown>;
  const ts = nextTs();
  return { ...structuredClone(fixture), event_id: `Ev${Date.now()}${counter++}`, ...envelope, event: { ...structuredClone(original), ts, event_ts: ts, ...event } };
}

let tsCounter = 0;
export const nextTs = () => `${1700000000 + Math.floor(Date.now() / 1000) % 100000}.${String(++tsCounter).padStart(6, '0')}`;

export function mention(text: string, user = 'U1001', channel = 'C1001') {
  return { type: 'app_mention', user, text: `<@UBOT> ${text}`, ts: nextTs(), channel };
}

/** The fields every interactivity payload carries, and its form encoding (`payload=`). */
function interaction(type: string, user: string, fields: Record<string, unknown>): string {
  const payload = {
    type,
    team: { id: 'T0001', domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'deprecated',
    ...fields,
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A block_actions payload for a button click, as Slack sends it. */
export function buttonClick(actionId: string, value: string, user: string, channel = 'C9001', messageTs = '1700000000.000001') {
  return interaction('block_actions', user, {
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.1.abcdef`,
    channel: { id: channel, name: 'staff' },
    message: { type: 'message', ts: messageTs, text: 'card' },
    response_url: 'https://hooks.slack.com/actions/T0001/1/abc',
    actions: [{ type: 'button', action_id: actionId, block_id: 'review_buttons', value, text: { type: 'plain_text', text: 'x' }, action_ts: `${Date.now() / 1000}` }],
  });
}

/**
 * A view_submission payload for one of our modals: a string is a text
 * input's value; an array, the values ticked in a checkbox group.
 */
export function viewSubmission(callbackId: string, reviewId: string, user: string, values: Record<string, string | string[]>) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const [blockId, value] of Object.entries(values)) {
    state[blockId] = Array.isArray(value)
      ? { choice: { type: 'checkboxes', selected_options: value.map((ticked) => ({ text: { type: 'plain_text', text: ticked, emoji: true }, value: ticked })) } }
      : { text: { type: 'plain_text_input', value } };
  }
  return interaction('view_submission', user, {
    trigger_id: `${Date.now()}.2.abcdef`,
    view: { id: 'V0001', type: 'modal', callback_id: callbackId, private_metadata: reviewId, state: { values: state }, hash: 'h', title: { type: 'plain_text', text: 't' } },
  });
}
