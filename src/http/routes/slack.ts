import { Hono } from 'hono';
import type { Context } from 'hono';
import { parseEventsBody } from '../../adapters/slack/payloads/event-callback';
import { parseInteraction } from '../../adapters/slack/payloads/interaction';
import { parseSlashCommand } from '../../adapters/slack/payloads/slash-command';
import { classifyMessage } from '../../adapters/slack/slack-event';
import type { SlackIdentity } from '../../adapters/slack/slack-identity';
import { isSurfaceEventType } from '../../adapters/slack/assistant/surface-event';
import { verifySlackSignature } from '../../adapters/slack/verify-signature';
import { log } from '../../log';
import type { SlackEventJob } from '../../platform/work-messages';
import type { AppEnv } from '../app-env';
import { ApiError } from '../errors';
import { readBodyCapped } from '../read-body';

/** Slack's payloads are small; anything bigger is not from Slack. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Queue messages are limited to 128 KB; an event is queued whole, with room for the envelope. */
const MAX_QUEUED_EVENT_BYTES = 120 * 1024;

/**
 * The size of the text as a queue message stores it (V8 serialisation):
 * one byte a character while every character fits in Latin-1, else two.
 */
export function queuedSize(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the Latin-1 range starts at U+0000.
  return /[^\u0000-\u00ff]/.test(text) ? text.length * 2 : text.length;
}

/** How long intake waits for the app's identity on an isolate's first request before leaving the check to the consumer. */
const IDENTITY_WAIT_MS = 1000;

/** One decoder for every request: decoding is stateless without { stream: true }. */
const decoder = new TextDecoder();

/**
 * Slack's three endpoints. Every request's signature is checked on the raw
 * bytes before anything is parsed; events are queued and acknowledged at
 * once (Slack retries after 3 s, and keeps retrying while a slow first
 * delivery is still running; the consumer deduplicates by event_id).
 */
export const slackRoutes = new Hono<AppEnv>();

async function verifiedBody(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; text: string }> {
  const slack = c.get('slack');
  const misconfigured = c.get('slackConfigError');
  if (misconfigured) throw new ApiError(503, 'slack_misconfigured', misconfigured);
  if (!slack) throw new ApiError(404, 'not_found', 'Slack is not configured on this deployment.');
  if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES) throw new ApiError(413, 'too_large', 'Request body too large.');
  const bytes = await readBodyCapped(c.req.raw, MAX_BODY_BYTES);
  if (!bytes) throw new ApiError(413, 'too_large', 'Request body too large.');
  const check = await verifySlackSignature({
    signingSecret: slack.config.signingSecret,
    timestamp: c.req.header('x-slack-request-timestamp'),
    signature: c.req.header('x-slack-signature'),
    body: bytes,
    nowSeconds: Math.floor(Date.now() / 1000),
  });
  if (check !== 'ok') {
    log('slack-signature-refused', { check, path: new URL(c.req.url).pathname });
    throw new ApiError(401, 'invalid_signature', 'The request signature is missing, stale or wrong.');
  }
  return { bytes, text: decoder.decode(bytes) };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new ApiError(400, 'invalid_json', 'The body is not a JSON object.');
}

slackRoutes.post('/events', async (c) => {
  const { text } = await verifiedBody(c);
  const parsed = parseEventsBody(parseJson(text));
  if (parsed.kind === 'invalid') throw new ApiError(400, 'invalid_request', parsed.message, parsed.field);
  if (parsed.kind === 'url_verification') return c.json({ challenge: parsed.challenge });
  if (parsed.kind === 'other') return c.body(null, 200);
  const body = parsed.envelope;
  const eventId = body.event_id;
  const slack = c.get('slack')!;
  const identity = await identityOrNull(slack);
  // Another workspace's or app's event is refused unread, but acknowledged: Slack retries anything else.
  if (identity && !slack.admits(body, identity)) return c.body(null, 200);
  // Channel chatter is never stored: only questions for the bot, decided as the consumer decides.
  const botUserId = identity?.botUserId ?? slack.config.botUserId;
  const classification = await classifyMessage(body.event, botUserId, (channel, threadTs) => slack.inbound.isAnsweredThread(channel, threadTs));
  // The assistant pane and the App Home (greeting, prompts, context, the Home view) are handled from the queue too.
  if (classification.kind === 'ignore' && !isSurfaceEventType(body.event?.type)) return c.body(null, 200);
  const key = `slack:${eventId}`;
  if (queuedSize(text) > MAX_QUEUED_EVENT_BYTES) throw new ApiError(413, 'too_large', 'Event too large.');
  // Acknowledged once the event is durably in the queue. D1 records it when
  // the consumer starts (deduplicated by event_id there): a D1 write on this
  // path would serialise acknowledgements behind the database.
  try {
    await c.env.WORK_QUEUE.send({ type: 'slack-event', key, payload: text } satisfies SlackEventJob);
  } catch (error) {
    log('slack-enqueue-failed', { key, error: (error as Error).name });
    throw new ApiError(503, 'unavailable', 'Could not queue the event; Slack will retry.');
  }
  const retry = c.req.header('x-slack-retry-num');
  if (retry) log('slack-event-retry', { key, retry, reason: c.req.header('x-slack-retry-reason') ?? null });
  return c.body(null, 200);
});

/** Interactivity and slash commands arrive form-encoded; Bolt's listeners answer them. */
async function dispatchToBolt(c: Context<AppEnv>, body: Record<string, unknown>) {
  const slack = c.get('slack')!;
  // Another app's click or command (a shared signing secret) changes nothing; answered 200 so Slack does not retry.
  // Only the app is compared: Slack's examples omit api_app_id from some payloads, and a shared channel's clicks carry the clicker's team.
  const appId = (await identityOrNull(slack))?.appId;
  if (appId && body.api_app_id !== undefined && body.api_app_id !== appId) {
    log('slack-foreign-request-refused', { path: new URL(c.req.url).pathname, appId: String(body.api_app_id).slice(0, 40) });
    return c.body(null, 200);
  }
  const retryNum = c.req.header('x-slack-retry-num');
  const ack = await slack.receiver.dispatch(body, (promise) => c.executionCtx.waitUntil(promise), {
    ...(retryNum ? { num: Number(retryNum) } : {}),
    reason: c.req.header('x-slack-retry-reason'),
  });
  if (ack === '' || ack === undefined) return c.body(null, 200);
  return typeof ack === 'string' ? c.text(ack) : c.json(ack as object);
}

slackRoutes.post('/interactions', async (c) => {
  const { text } = await verifiedBody(c);
  const payload = new URLSearchParams(text).get('payload');
  if (!payload) throw new ApiError(400, 'invalid_request', 'Missing payload.', 'payload');
  // Bolt trusts the shapes it routes by: only well-formed interactions go on.
  const body = parseInteraction(parseJson(payload));
  if (!body) throw new ApiError(400, 'invalid_request', 'Not an interaction payload.', 'payload');
  return dispatchToBolt(c, body);
});

slackRoutes.post('/commands', async (c) => {
  // Slack's certificate check (`ssl_check=1`) is unsigned and asks only for a 200: nothing in it is read.
  if (await isSslCheck(c)) return c.body(null, 200);
  const { text } = await verifiedBody(c);
  const parsed = parseSlashCommand(Object.fromEntries(new URLSearchParams(text)));
  if (!parsed.ok) throw new ApiError(400, 'invalid_request', parsed.message, parsed.field);
  return dispatchToBolt(c, parsed.command);
});

/**
 * The app's identity, cached per isolate. If it cannot be learned right now
 * (Slack unreachable and SLACK_TEAM_ID unset), the event is queued anyway:
 * the consumer checks it before anything is stored, and retries until Slack answers.
 */
async function identityOrNull(slack: NonNullable<AppEnv['Variables']['slack']>): Promise<SlackIdentity | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Slack wants its 200 within 3 s: a slow auth.test (with its retries) must not hold the acknowledgement.
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('identity lookup timed out')), IDENTITY_WAIT_MS);
  });
  try {
    return await Promise.race([slack.identity(), late]);
  } catch (error) {
    log('slack-identity-unavailable', { error: (error as Error).name });
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** A form POST whose only meaningful field is `ssl_check=1`, as Slack's certificate check sends it. */
async function isSslCheck(c: Context<AppEnv>): Promise<boolean> {
  if (!c.req.header('content-type')?.startsWith('application/x-www-form-urlencoded')) return false;
  const bytes = await readBodyCapped(c.req.raw.clone(), 4096);
  if (!bytes) return false;
  const fields = new URLSearchParams(decoder.decode(bytes));
  return fields.get('ssl_check') === '1' && !fields.has('command');
}
