import { DurableObject } from 'cloudflare:workers';
import type { D1ChannelRepository } from '../adapters/d1/d1-channels';
import { checkMessageRate } from '../adapters/d1/d1-rate-limits';
import { type AssistantReply, ConversationStore } from '../adapters/do-storage/conversation-store';
import { wiringFor } from '../wiring/wiring';
import { readConfig, type WebChatConfig } from '../config';
import type { ConversationTurn } from '../domain/answer/types';
import { type Awaiting, type ChatMessage, type ConversationMeta, checkCustomerMessage, historyTurns } from '../domain/webchat/messages';
import { chatOpen, NOT_AVAILABLE, type PostOutcome } from '../domain/webchat/post-outcome';
import { REQUEUE_AFTER_MS, requeuePlan } from '../domain/webchat/requeue-schedule';
import { log } from '../log';
import type { WebMessageJob } from './work-messages';
import { attachmentOf, errorFrame, outcomeFrame, parseFrame } from './conversation-socket';

export type { AssistantReply } from '../adapters/do-storage/conversation-store';

/** What the queue consumer needs to answer one customer message. */
export interface QuestionToAnswer {
  meta: ConversationMeta;
  question: ChatMessage;
  history: ConversationTurn[];
  draftId: string | null;
  answered: boolean;
}

/** An attempt to answer a question holds it this long; a crashed attempt's claim then lapses. */
const CLAIM_TTL_MS = 3 * 60_000;

/**
 * One web chat conversation. Holds the history (its own SQLite storage,
 * ConversationStore), accepts the customer's WebSockets with hibernation (an
 * idle chat costs nothing), stores every customer message before it is
 * answered and queues it, and stores and pushes replies, once per delivery
 * key. It returns domain outcomes; src/http maps them to statuses.
 */
export class Conversation extends DurableObject<Env> {
  private readonly store: ConversationStore;
  private readonly channels: D1ChannelRepository;
  private webConfig: WebChatConfig | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage);
    this.channels = wiringFor(env).channels;
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Called once when the session is issued. */
  init(meta: ConversationMeta): void {
    this.store.init(meta);
  }

  history(): { messages: ChatMessage[]; awaiting: Awaiting; meta: ConversationMeta | null } {
    return { messages: this.store.messages(), awaiting: this.store.awaiting(), meta: this.store.meta() };
  }

  /** Stores a customer message (once per clientMessageId), queues it for an answer, and pushes it. */
  async post(input: { text: unknown; clientMessageId: unknown; ip: string }): Promise<PostOutcome> {
    const meta = this.store.meta();
    if (!meta) return { ok: false, code: 'no_conversation', message: 'This conversation does not exist.' };
    const { limits } = this.config();
    const checked = checkCustomerMessage(input, limits);
    if ('code' in checked) return { ok: false, code: checked.code, message: checked.message };

    const existing = this.store.byClientId(checked.clientMessageId);
    if (existing) return resent(existing, checked.text);
    if (this.store.count() >= limits.maxHistory) return { ok: false, code: 'history_full', message: 'This conversation is full. Start a new one to keep chatting.' };
    const rate = await checkMessageRate(this.env.DB, { conversationId: meta.conversationId, ip: input.ip }, limits, Date.now());
    if (!rate.ok) return { ok: false, code: 'rate_limited', message: rate.message, retryAfter: rate.retryAfter };

    const id = crypto.randomUUID();
    // The rate check awaited D1, so a concurrent resend may have stored it meanwhile: the unique client id decides.
    const stored = this.store.insertQuestion(id, checked.text, checked.clientMessageId, new Date());
    if (stored.message.id !== id) return resent(stored, checked.text);
    this.broadcast({ type: 'message', message: stored.message });
    this.broadcast({ type: 'awaiting', awaiting: this.store.awaiting() });
    // Stored first, then queued: if queueing fails, the alarm queues it again.
    await this.alarmNoLaterThan(Date.now() + REQUEUE_AFTER_MS);
    await this.enqueue(meta, id);
    return { ok: true, message: stored.message, created: true };
  }

  /**
   * Claims a question for one answering attempt, so two queue messages for it
   * (a re-queue, a redelivery) never draft it twice at once: 'busy' while
   * another attempt holds a fresh claim, 'answered' once it has its reply or
   * holding message.
   */
  claim(messageId: string): 'claimed' | 'busy' | 'answered' | 'missing' {
    return this.store.claim(messageId, Date.now(), CLAIM_TTL_MS);
  }

  /** Gives a claim back after a failed attempt, so the queue's retry can take over at once. */
  release(messageId: string): void {
    this.store.release(messageId);
  }

  /** The question and its history, for the queue consumer. */
  question(messageId: string): QuestionToAnswer | null {
    const meta = this.store.meta();
    const stored = this.store.question(messageId);
    if (!meta || !stored) return null;
    return { meta, question: stored.message, history: historyTurns(this.store.messages(), stored.message.seq), draftId: stored.draftId, answered: stored.answered };
  }

  /** Attaches the draft answering a question, once; returns the draft that won. */
  attachDraft(messageId: string, draftId: string): string {
    return this.store.attachDraft(messageId, draftId);
  }

  /** Stores and pushes a reply, once per key. */
  deliver(key: string, reply: AssistantReply): { delivered: boolean } {
    const message = this.store.storeReply(key, reply);
    if (!message) return { delivered: false };
    this.broadcast({ type: 'message', message });
    this.broadcast({ type: 'awaiting', awaiting: this.store.awaiting() });
    return { delivered: true };
  }

  /** The draft behind an assistant message that takes feedback, or null. */
  feedbackDraft(messageId: string): string | null {
    return this.store.feedbackDraft(messageId);
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return new Response('Expected a WebSocket upgrade.', { status: 426 });
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ ip: request.headers.get('x-countersign-ip') ?? 'unknown', expiresAt: Number(request.headers.get('x-countersign-expires') ?? 0) });
    server.send(JSON.stringify({ type: 'history', messages: this.store.messages(), awaiting: this.store.awaiting() }));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const frame = parseFrame(data);
    if (frame.type === 'invalid') return void ws.send(frame.reply);
    if (frame.type === 'ping') return void ws.send('{"type":"pong"}');
    const { ip, expiresAt } = attachmentOf(ws);
    if (Date.now() / 1000 >= expiresAt) {
      ws.send(errorFrame(401, 'session_expired', 'The chat session expired. Start a new one.'));
      ws.close(4001, 'session expired');
      return;
    }
    const reply = outcomeFrame(await this.postFromSocket({ text: frame.text, clientMessageId: frame.clientMessageId, ip }));
    if (reply) ws.send(reply);
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
    const meta = this.store.meta();
    if (!meta) return;
    const now = Date.now();
    const plan = requeuePlan(this.store.queuedQuestions(), now);
    for (const question of plan.due) {
      this.store.markRequeued(question.id, now);
      log('web-question-requeued', { conversationId: meta.conversationId, messageId: question.id, attempt: question.attempts + 1 });
      await this.enqueue(meta, question.id);
    }
    if (plan.next !== null) await this.ctx.storage.setAlarm(plan.next);
  }

  /** The stage was checked when the socket opened; a channel moved back to internal since then takes no more questions (as over HTTP). */
  private async postFromSocket(input: { text: unknown; clientMessageId: unknown; ip: string }): Promise<PostOutcome> {
    const meta = this.store.meta();
    if (meta && !chatOpen((await this.channels.get(meta.channel))?.stage, meta.preview)) return { ok: false, code: 'not_available', message: NOT_AVAILABLE };
    return this.post(input);
  }

  /** Sets the alarm for `at` unless one is already set sooner (a new message must not delay an older question's re-queue). */
  private async alarmNoLaterThan(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private async enqueue(meta: ConversationMeta, messageId: string): Promise<void> {
    try {
      await this.env.WORK_QUEUE.send({ type: 'web-message', conversationId: meta.conversationId, messageId } satisfies WebMessageJob);
    } catch (error) {
      log('web-enqueue-failed', { conversationId: meta.conversationId, messageId, error: (error as Error).name });
    }
  }

  /** Env is fixed for the object's life: its web chat settings are read and checked once. */
  private config(): WebChatConfig {
    this.webConfig ??= readConfig(this.env).web;
    return this.webConfig;
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
function resent(stored: { message: ChatMessage; text: string }, text: string): PostOutcome {
  if (stored.text !== text) return { ok: false, code: 'client_message_id_reused', message: 'This clientMessageId was already used for another message.' };
  return { ok: true, message: stored.message, created: false };
}
