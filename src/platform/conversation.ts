import { DurableObject } from 'cloudflare:workers';
import { D1ChannelRepository } from '../adapters/d1/d1-channels';
import { checkMessageRate } from '../adapters/web/rate-limits';
import { readConfig, type WebChatConfig } from '../config';
import { type Awaiting, type ChatMessage, type ConversationMeta, checkCustomerMessage, historyTurns } from '../domain/webchat/messages';
import type { ConversationTurn } from '../domain/answer/types';
import { log } from './log';

/** A reply to store and push: what the web reply channel hands over. */
export interface AssistantReply {
  kind: 'answer' | 'holding' | 'staff';
  text: string;
  sources: ChatMessage['sources'];
  draftId: string | null;
  /** Who wrote it (the widget marks staff replies); absent: staff for 'staff' replies, else the bot. */
  author?: 'bot' | 'staff';
  /** The customer message it answers. */
  replyTo: string;
}

export type PostResult =
  | { ok: true; message: ChatMessage; created: boolean }
  | { ok: false; status: 400 | 403 | 409 | 413 | 429; code: string; message: string; retryAfter?: number };

/** What the queue consumer needs to answer one customer message. */
export interface QuestionToAnswer {
  meta: ConversationMeta;
  question: ChatMessage;
  history: ConversationTurn[];
  draftId: string | null;
  answered: boolean;
}

interface MessageRow extends Record<string, SqlStorageValue> {
  seq: number;
  id: string;
  role: ChatMessage['role'];
  kind: ChatMessage['kind'];
  text: string;
  sources: string;
  feedback: number;
  draft_id: string | null;
  state: 'queued' | 'review' | 'done' | null;
  author: 'bot' | 'staff' | null;
  created_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  sources TEXT NOT NULL DEFAULT '[]',
  feedback INTEGER NOT NULL DEFAULT 0,
  draft_id TEXT,
  client_id TEXT UNIQUE,        -- the customer's clientMessageId: a resend is stored once
  delivery_key TEXT UNIQUE,     -- the reply's delivery key: a redelivery is stored once
  reply_to TEXT,
  state TEXT,                   -- questions: queued | review | done
  enqueued_at INTEGER,
  enqueue_attempts INTEGER NOT NULL DEFAULT 0,
  claimed_at INTEGER,           -- questions: when an attempt to answer it started
  created_at TEXT NOT NULL
);`;

/** An attempt to answer a question holds it this long; a crashed attempt's claim then lapses. */
const CLAIM_TTL_MS = 3 * 60_000;

/**
 * A question still 'queued' this long after it was queued is queued again (its
 * queue message may be lost), with a growing delay, until it is answered: the
 * queue's own dead-letter path gives up on it, never this alarm.
 */
const REQUEUE_AFTER_MS = 60_000;
const MAX_REQUEUE_DELAY_MS = 60 * 60_000;
const MAX_FRAME_BYTES = 32 * 1024;

/**
 * One web chat conversation. Holds the history (its own SQLite storage),
 * accepts the customer's WebSockets with hibernation (an idle chat costs
 * nothing), stores every customer message before it is answered and queues
 * it, and stores and pushes replies, once per delivery key.
 */
export class Conversation extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly channels: D1ChannelRepository;
  private webConfig: WebChatConfig | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.channels = new D1ChannelRepository(env.DB);
    this.sql.exec(SCHEMA);
    // Conversations created before claims existed get the column once.
    const columns = this.sql.exec<{ name: string }>('PRAGMA table_info(messages)').toArray();
    if (!columns.some((column) => column.name === 'claimed_at')) this.sql.exec('ALTER TABLE messages ADD COLUMN claimed_at INTEGER');
    if (!columns.some((column) => column.name === 'author')) this.sql.exec('ALTER TABLE messages ADD COLUMN author TEXT');
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Called once when the session is issued. */
  init(meta: ConversationMeta): void {
    this.sql.exec("INSERT OR IGNORE INTO meta (key, value) VALUES ('meta', ?)", JSON.stringify(meta));
  }

  history(): { messages: ChatMessage[]; awaiting: Awaiting; meta: ConversationMeta | null } {
    return { messages: this.messages(), awaiting: this.awaiting(), meta: this.meta() };
  }

  /** Stores a customer message (once per clientMessageId), queues it for an answer, and pushes it. */
  async post(input: { text: unknown; clientMessageId: unknown; ip: string }): Promise<PostResult> {
    const meta = this.meta();
    if (!meta) return { ok: false, status: 409, code: 'no_conversation', message: 'This conversation does not exist.' };
    const { limits } = this.config();
    const checked = checkCustomerMessage(input, limits);
    if ('code' in checked) return { ok: false, status: checked.code === 'message_too_long' ? 413 : 400, code: checked.code, message: checked.message };

    const existing = this.sql.exec<MessageRow>('SELECT * FROM messages WHERE client_id = ?', checked.clientMessageId).toArray()[0];
    if (existing) return resent(existing, checked.text);
    if (this.count() >= limits.maxHistory) {
      return { ok: false, status: 409, code: 'history_full', message: 'This conversation is full. Start a new one to keep chatting.' };
    }
    const rate = await checkMessageRate(this.env.DB, { conversationId: meta.conversationId, ip: input.ip }, limits, Date.now());
    if (!rate.ok) return { ok: false, status: 429, code: 'rate_limited', message: rate.message, retryAfter: rate.retryAfter };

    const id = crypto.randomUUID();
    const now = new Date();
    // The rate check awaited D1, so a concurrent resend may have stored it meanwhile: the unique client id decides.
    this.sql.exec(
      `INSERT INTO messages (id, role, kind, text, client_id, state, enqueued_at, created_at) VALUES (?, 'customer', 'question', ?, ?, 'queued', ?, ?)
       ON CONFLICT (client_id) DO NOTHING`,
      id,
      checked.text,
      checked.clientMessageId,
      now.getTime(),
      now.toISOString(),
    );
    // Whichever insert won is the message; rowsWritten cannot tell (it counts index writes too).
    const message = toMessage(this.sql.exec<MessageRow>('SELECT * FROM messages WHERE client_id = ?', checked.clientMessageId).one());
    if (message.id !== id) return resent(this.sql.exec<MessageRow>('SELECT * FROM messages WHERE id = ?', message.id).one(), checked.text);
    this.broadcast({ type: 'message', message });
    this.broadcast({ type: 'awaiting', awaiting: this.awaiting() });
    // Stored first, then queued: if queueing fails, the alarm queues it again.
    await this.alarmNoLaterThan(Date.now() + REQUEUE_AFTER_MS);
    await this.enqueue(meta, id);
    return { ok: true, message, created: true };
  }

  /**
   * Claims a question for one answering attempt, so two queue messages for it
   * (a re-queue, a redelivery) never draft it twice at once: 'busy' while
   * another attempt holds a fresh claim, 'answered' once it has its reply or
   * holding message.
   */
  claim(messageId: string): 'claimed' | 'busy' | 'answered' | 'missing' {
    const row = this.sql.exec<{ state: string | null; claimed_at: number | null }>("SELECT state, claimed_at FROM messages WHERE id = ? AND role = 'customer'", messageId).toArray()[0];
    if (!row) return 'missing';
    if (row.state !== 'queued') return 'answered';
    const now = Date.now();
    if (row.claimed_at !== null && now - row.claimed_at < CLAIM_TTL_MS) return 'busy';
    this.sql.exec('UPDATE messages SET claimed_at = ?, enqueued_at = ? WHERE id = ?', now, now, messageId);
    return 'claimed';
  }

  /** Gives a claim back after a failed attempt, so the queue's retry can take over at once. */
  release(messageId: string): void {
    this.sql.exec('UPDATE messages SET claimed_at = NULL WHERE id = ?', messageId);
  }

  /** The question and its history, for the queue consumer. */
  question(messageId: string): QuestionToAnswer | null {
    const meta = this.meta();
    const row = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ? AND role = 'customer'", messageId).toArray()[0];
    if (!meta || !row) return null;
    return { meta, question: toMessage(row), history: historyTurns(this.messages(), row.seq), draftId: row.draft_id, answered: row.state === 'done' };
  }

  /** Attaches the draft answering a question, once; returns the draft that won. */
  attachDraft(messageId: string, draftId: string): string {
    this.sql.exec('UPDATE messages SET draft_id = ? WHERE id = ? AND draft_id IS NULL', draftId, messageId);
    return this.sql.exec<{ draft_id: string }>('SELECT draft_id FROM messages WHERE id = ?', messageId).one().draft_id;
  }

  /** Stores and pushes a reply, once per key. */
  deliver(key: string, reply: AssistantReply): { delivered: boolean } {
    const seen = this.sql.exec('SELECT 1 FROM messages WHERE delivery_key = ?', key).toArray().length > 0;
    if (seen) return { delivered: false };
    const id = crypto.randomUUID();
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        `INSERT INTO messages (id, role, kind, text, sources, feedback, draft_id, delivery_key, reply_to, author, created_at) VALUES (?, 'assistant', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        reply.kind,
        reply.text,
        JSON.stringify(reply.sources),
        reply.kind === 'answer' && reply.draftId ? 1 : 0,
        reply.draftId,
        key,
        reply.replyTo,
        reply.author ?? (reply.kind === 'staff' ? 'staff' : 'bot'),
        new Date().toISOString(),
      );
      // A holding message leaves the question waiting for review; anything else answers it.
      this.sql.exec("UPDATE messages SET state = ? WHERE id = ? AND state != 'done'", reply.kind === 'holding' ? 'review' : 'done', reply.replyTo);
    });
    this.broadcast({ type: 'message', message: toMessage(this.sql.exec<MessageRow>('SELECT * FROM messages WHERE id = ?', id).one()) });
    this.broadcast({ type: 'awaiting', awaiting: this.awaiting() });
    return { delivered: true };
  }

  /** The draft behind an assistant message that takes feedback, or null. */
  feedbackDraft(messageId: string): string | null {
    const row = this.sql.exec<{ draft_id: string | null }>("SELECT draft_id FROM messages WHERE id = ? AND role = 'assistant' AND feedback = 1", messageId).toArray()[0];
    return row?.draft_id ?? null;
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return new Response('Expected a WebSocket upgrade.', { status: 426 });
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ ip: request.headers.get('x-countersign-ip') ?? 'unknown', expiresAt: Number(request.headers.get('x-countersign-expires') ?? 0) });
    server.send(JSON.stringify({ type: 'history', messages: this.messages(), awaiting: this.awaiting() }));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const size = typeof data === 'string' ? data.length : data.byteLength;
    if (size > MAX_FRAME_BYTES) return void ws.send(frameError(413, 'too_large', 'That message is too large.'));
    let frame: { type?: unknown; text?: unknown; clientMessageId?: unknown };
    try {
      frame = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data)) as typeof frame;
    } catch {
      return void ws.send(frameError(400, 'invalid_json', 'Frames are JSON objects.'));
    }
    if (frame?.type === 'ping') return void ws.send('{"type":"pong"}');
    if (frame?.type !== 'message') return void ws.send(frameError(400, 'unknown_frame', 'Unknown frame type.'));
    const { ip, expiresAt } = (ws.deserializeAttachment() ?? { ip: 'unknown', expiresAt: 0 }) as { ip: string; expiresAt: number };
    if (Date.now() / 1000 >= expiresAt) {
      ws.send(frameError(401, 'session_expired', 'The chat session expired. Start a new one.'));
      ws.close(4001, 'session expired');
      return;
    }
    // The stage was checked when the socket opened; a channel moved back to internal since then takes no more questions (as over HTTP).
    const meta = this.meta();
    if (meta && !meta.preview && (await this.channels.get(meta.channel))?.stage === 'internal') {
      return void ws.send(frameError(403, 'not_available', 'Chat is not available yet.'));
    }
    const result = await this.post({ text: frame.text, clientMessageId: frame.clientMessageId, ip });
    if (!result.ok) ws.send(frameError(result.status, result.code, result.message, result.retryAfter));
    // A resend of a stored message: the client missed the push, so send it again to this socket.
    else if (!result.created) ws.send(JSON.stringify({ type: 'message', message: result.message }));
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 ? 1000 : code, 'closing');
    } catch {
      // Already closed.
    }
  }

  /** Queues again any question whose queue message may have been lost (see post). */
  override async alarm(): Promise<void> {
    const meta = this.meta();
    if (!meta) return;
    const now = Date.now();
    const waiting = this.sql
      .exec<{ id: string; enqueued_at: number; enqueue_attempts: number }>("SELECT id, enqueued_at, enqueue_attempts FROM messages WHERE state = 'queued'")
      .toArray();
    let next: number | null = null;
    for (const row of waiting) {
      const due = row.enqueued_at + requeueDelay(row.enqueue_attempts);
      if (due <= now) {
        this.sql.exec('UPDATE messages SET enqueue_attempts = enqueue_attempts + 1, enqueued_at = ? WHERE id = ?', now, row.id);
        log('web-question-requeued', { conversationId: meta.conversationId, messageId: row.id, attempt: row.enqueue_attempts + 1 });
        await this.enqueue(meta, row.id);
      }
      const upcoming = due <= now ? now + requeueDelay(row.enqueue_attempts + 1) : due;
      next = next === null ? upcoming : Math.min(next, upcoming);
    }
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /** Sets the alarm for `at` unless one is already set sooner (a new message must not delay an older question's re-queue). */
  private async alarmNoLaterThan(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private async enqueue(meta: ConversationMeta, messageId: string): Promise<void> {
    try {
      await this.env.WORK_QUEUE.send({ type: 'web-message', conversationId: meta.conversationId, messageId });
    } catch (error) {
      log('web-enqueue-failed', { conversationId: meta.conversationId, messageId, error: (error as Error).name });
    }
  }

  /** Env is fixed for the object's life: its web chat settings are read and checked once. */
  private config(): WebChatConfig {
    this.webConfig ??= readConfig(this.env).web;
    return this.webConfig;
  }

  private meta(): ConversationMeta | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'meta'").toArray()[0];
    return row ? (JSON.parse(row.value) as ConversationMeta) : null;
  }

  private messages(): ChatMessage[] {
    return this.sql.exec<MessageRow>('SELECT * FROM messages ORDER BY seq').toArray().map(toMessage);
  }

  private count(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM messages').one().n;
  }

  private awaiting(): Awaiting {
    const states = new Set(this.sql.exec<{ state: string }>("SELECT DISTINCT state FROM messages WHERE role = 'customer' AND state != 'done'").toArray().map((row) => row.state));
    if (states.has('queued')) return 'answer';
    return states.has('review') ? 'review' : 'none';
  }

  private broadcast(frame: unknown): void {
    const text = JSON.stringify(frame);
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(text);
      } catch {
        // A socket closing right now: it reconnects and gets the history.
      }
    }
  }
}

/** A resend of a stored message is answered with it; another text under the same id is a client bug, refused rather than dropped silently. */
function resent(row: MessageRow, text: string): PostResult {
  if (row.text !== text) return { ok: false, status: 409, code: 'client_message_id_reused', message: 'This clientMessageId was already used for another message.' };
  return { ok: true, message: toMessage(row), created: false };
}

function requeueDelay(attempts: number): number {
  return Math.min(MAX_REQUEUE_DELAY_MS, REQUEUE_AFTER_MS * 2 ** attempts);
}

function toMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    seq: row.seq,
    role: row.role,
    kind: row.kind,
    text: row.text,
    sources: JSON.parse(row.sources) as ChatMessage['sources'],
    feedback: row.feedback === 1,
    ...(row.role === 'assistant' ? { author: row.author ?? (row.kind === 'staff' ? 'staff' : 'bot') } : {}),
    createdAt: row.created_at,
  };
}

function frameError(status: number, code: string, message: string, retryAfter?: number): string {
  return JSON.stringify({ type: 'error', error: { status, code, message, ...(retryAfter ? { retryAfter } : {}) } });
}
