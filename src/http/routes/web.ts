import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { hit } from '../../adapters/d1/d1-rate-limits';
import { ipKey } from '../../adapters/web/ip-key';
import { chatOpen, NOT_AVAILABLE } from '../../domain/webchat/post-outcome';
import { type SessionClaims, signSessionToken, verifySessionToken } from '../../domain/webchat/session-token';
import { constantTimeEqual } from '../../domain/crypto/hmac';
import type { AppEnv } from '../app-env';
import { ApiError } from '../errors';
import { readJsonBody } from '../read-json';
import { REFUSAL_STATUS } from '../web-chat-status';
import { log } from '../../log';
import { wiringFor } from '../../wiring/wiring';

type WebEnv = AppEnv & { Variables: AppEnv['Variables'] & { session: SessionClaims } };

const CHANNEL_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const CONVERSATION_ID = /^[0-9a-f-]{36}$/;

const sessionSchema = z
  .object({
    channel: z.string().regex(CHANNEL_ID, 'must be a channel id such as "web"').default('web'),
    previewKey: z.string().max(200).optional(),
  })
  .strict();

const messageSchema = z.object({ text: z.string(), clientMessageId: z.string() }).strict();
const feedbackSchema = z.object({ messageId: z.string().max(64), helpful: z.boolean() }).strict();

/**
 * The customer web chat API (docs/web-chat.md). Sessions are signed tokens
 * bound to one conversation; each conversation is a Durable Object. Only
 * configured site origins (and this Worker's own /chat page) may call it
 * from a browser.
 */
export const webRoutes = new Hono<WebEnv>();

webRoutes.use(async (c, next) => {
  const web = c.get('config').web;
  const origin = c.req.header('origin');
  const allowed = origin === undefined || origin === new URL(c.req.url).origin || web.allowedOrigins.includes(origin);
  if (c.req.method === 'OPTIONS') {
    if (!origin || !allowed) return c.body(null, 403);
    return c.body(null, 204, {
      ...corsHeaders(origin),
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type, Authorization',
      'Access-Control-Max-Age': '600',
    });
  }
  // Readable by that site (a plain GET needs no preflight), so the widget can tell its owner the cause instead of "connection lost".
  if (!allowed) throw new ApiError(403, 'origin_not_allowed', 'This site is not allowed to use the chat. Add it to WEB_ALLOWED_ORIGINS.', undefined, corsHeaders(origin));
  if (!web.sessionSecret) throw new ApiError(503, 'web_chat_disabled', 'Web chat is not enabled: set the WEB_SESSION_SECRET secret.');
  await next();
  // A WebSocket handshake's headers are final; its Origin was checked above.
  if (origin && c.res.status !== 101) for (const [name, value] of Object.entries(corsHeaders(origin))) c.res.headers.set(name, value);
});

function corsHeaders(origin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Expose-Headers': 'Retry-After' };
}

function channels(c: Context<WebEnv>) {
  return wiringFor(c.env).channels;
}

async function webChannel(c: Context<WebEnv>, id: string) {
  const channel = CHANNEL_ID.test(id) ? await channels(c).get(id) : null;
  if (channel?.kind !== 'web') throw new ApiError(404, 'not_found', `No web chat channel "${id}".`);
  return channel;
}

function clientIp(c: Context<WebEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

async function limitPerIp(c: Context<WebEnv>, what: string): Promise<void> {
  const rate = await hit(c.env.DB, `${what}:${ipKey(clientIp(c))}`, c.get('config').web.limits.perIpPerMinute, Date.now());
  if (!rate.ok) throw new ApiError(429, 'rate_limited', rate.message, undefined, { 'Retry-After': String(rate.retryAfter) });
}

function notAvailable(): ApiError {
  return new ApiError(REFUSAL_STATUS.not_available, 'not_available', NOT_AVAILABLE);
}

webRoutes.get('/channels/:channel', async (c) => {
  const channel = await webChannel(c, c.req.param('channel'));
  return c.json({ channel: channel.id, stage: channel.stage, available: chatOpen(channel.stage, false) });
});

webRoutes.post('/sessions', async (c) => {
  const body = await readJsonBody(c, sessionSchema, 4 * 1024);
  const web = c.get('config').web;
  const channel = await webChannel(c, body.channel);
  // Counted before the preview key is checked, so guessing keys is limited too.
  await limitPerIp(c, 'sessions');
  const preview = body.previewKey !== undefined && web.previewKey !== null && (await constantTimeEqual(body.previewKey, web.previewKey));
  if (body.previewKey !== undefined && !preview) throw new ApiError(403, 'invalid_preview_key', 'The preview key is wrong.');
  if (!chatOpen(channel.stage, preview)) throw notAvailable();

  const conversationId = crypto.randomUUID();
  const now = new Date();
  await c.get('wiring').reads.webConversations.create({ id: conversationId, channel: channel.id, preview, createdAt: now.toISOString() });
  await conversation(c, conversationId).init({ conversationId, channel: channel.id, preview });
  const expiresAt = Math.floor(now.getTime() / 1000) + web.sessionTtlSeconds;
  const token = await signSessionToken(web.sessionSecret!, { conversationId, channel: channel.id, preview, expiresAt });
  return c.json({ token, conversationId, expiresAt: new Date(expiresAt * 1000).toISOString(), stage: channel.stage, preview }, 201);
});

function conversation(c: Context<WebEnv>, id: string) {
  return c.env.CONVERSATIONS.get(c.env.CONVERSATIONS.idFromName(id));
}

/** The session token must be valid, unexpired, and for this very conversation. */
const requireSession = createMiddleware<WebEnv>(async (c, next) => {
  const id = c.req.param('id') ?? '';
  const header = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  // Browsers cannot set headers on a WebSocket, so the socket alone takes the token in the URL.
  const token = header ?? (c.req.path.endsWith('/ws') ? c.req.query('token') : undefined);
  if (!token) throw new ApiError(401, 'unauthorized', 'A session token is required.');
  const check = await verifySessionToken(c.get('config').web.sessionSecret!, token, Math.floor(Date.now() / 1000));
  if (!check.ok) throw new ApiError(401, check.reason === 'expired' ? 'session_expired' : 'unauthorized', check.reason === 'expired' ? 'The chat session expired. Start a new one.' : 'The session token is not valid.');
  if (!CONVERSATION_ID.test(id) || check.claims.conversationId !== id) throw new ApiError(403, 'forbidden', 'This session is for another conversation.');
  c.set('session', check.claims);
  await next();
});

webRoutes.use('/conversations/:id/*', requireSession);

webRoutes.get('/conversations/:id/messages', async (c) => {
  const { messages, awaiting } = await conversation(c, c.req.param('id')).history();
  return c.json({ messages, awaiting });
});

webRoutes.post('/conversations/:id/messages', async (c) => {
  const session = c.get('session');
  const web = c.get('config').web;
  // Room for the text in UTF-8 (up to 4 bytes a character) and the JSON around it.
  const body = await readJsonBody(c, messageSchema, web.limits.maxMessageChars * 4 + 1024).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'too_large') throw new ApiError(413, 'message_too_long', `Messages are limited to ${web.limits.maxMessageChars} characters.`);
    throw error;
  });
  if (!chatOpen((await webChannel(c, session.channel)).stage, session.preview)) throw notAvailable();
  const result = await conversation(c, session.conversationId).post({ ...body, ip: clientIp(c) });
  if (!result.ok) {
    throw new ApiError(REFUSAL_STATUS[result.code], result.code, result.message, undefined, result.retryAfter ? { 'Retry-After': String(result.retryAfter) } : undefined);
  }
  if (result.created) {
    // The listing's counter is bookkeeping, not the message (already stored): kept off the reply path.
    c.executionCtx.waitUntil(
      c.get('wiring')
        .reads.webConversations.countMessage(session.conversationId, result.message.createdAt)
        .catch((error: unknown) => log('web-conversation-count-failed', { error: (error as Error).name })),
    );
  }
  return c.json({ message: result.message }, 202);
});

webRoutes.post('/conversations/:id/feedback', async (c) => {
  const session = c.get('session');
  const body = await readJsonBody(c, feedbackSchema, 1024);
  // Votes feed the automatic step-down: one address cannot cast them without limit.
  await limitPerIp(c, 'feedback');
  const draftId = await conversation(c, session.conversationId).feedbackDraft(body.messageId);
  if (!draftId) throw new ApiError(404, 'not_found', 'No answer with that id in this conversation.', 'messageId');
  await c.get('wiring').feedback.record(draftId, `web:${session.conversationId}`, body.helpful);
  return c.body(null, 204);
});

webRoutes.get('/conversations/:id/ws', async (c) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw new ApiError(426, 'upgrade_required', 'Connect with a WebSocket.');
  const session = c.get('session');
  if (!chatOpen((await webChannel(c, session.channel)).stage, session.preview)) throw notAvailable();
  const headers = new Headers(c.req.raw.headers);
  headers.set('x-countersign-ip', clientIp(c));
  // The socket may outlive the token: the conversation refuses messages once it expires.
  headers.set('x-countersign-expires', String(session.expiresAt));
  return conversation(c, session.conversationId).fetch(new Request(c.req.url, { headers }));
});
