import { readFile } from 'node:fs/promises';
import type { Page, Route, WebSocketRoute } from 'playwright-core';
import type { Awaiting, ChatMessage } from '../../../src/domain/webchat/messages';
import { type HostPageOptions, hostPageHtml } from './host-page';

export type { Awaiting, ChatMessage } from '../../../src/domain/webchat/messages';

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
  authorization: string | undefined;
}

export const FAKE_API = 'http://api.test';
export const FAKE_HOST = 'http://shop.test';

/**
 * The /web API of docs/web-chat.md, faked inside the browser (Playwright
 * routes for HTTP and WebSocket), so the widget's behaviour in states a real
 * server reaches only by accident (dropped sockets, 503s, 429s, hostile text)
 * can be driven on purpose. The site and the API are different origins, as
 * in production, and every answer carries the CORS headers the browser needs.
 */
export class FakeWebApi {
  stage: 'internal' | 'supervised' | 'autonomous' = 'autonomous';
  messages: ChatMessage[] = [];
  awaiting: Awaiting = 'none';
  readonly requests: RecordedRequest[] = [];
  readonly sockets = new Set<WebSocketRoute>();
  socketsOpened = 0;
  /** False: every WebSocket is closed as soon as it opens (a network that blocks them). */
  acceptSockets = true;
  /** Faults for the next customer messages, in order; each is used once. */
  readonly postFaults: { status: number; code: string; retryAfter?: string }[] = [];
  /** What the "server" does once a customer message is stored. */
  onQuestion: (text: string) => void = () => {};
  private readonly byClientId = new Map<string, ChatMessage>();
  private sessions = 0;

  private readonly cors = {
    'access-control-allow-origin': FAKE_HOST,
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-methods': 'GET, POST',
    'access-control-expose-headers': 'retry-after',
    vary: 'Origin',
  };

  /** Routes the site (one page at `/`), widget.js, the API and its WebSocket for this page. */
  async install(page: Page, host: Omit<HostPageOptions, 'scriptSrc'> = {}, extraPages: Record<string, { body: string; headers?: Record<string, string> }> = {}): Promise<void> {
    const html = hostPageHtml({ scriptSrc: `${FAKE_API}/widget.js`, ...host });
    await page.route(`${FAKE_HOST}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.route(`${FAKE_API}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      const extra = extraPages[path];
      if (extra) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: extra.body, headers: extra.headers });
      if (path === '/widget.js') return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: await readFile('public/widget.js', 'utf8') });
      // The widget imports its Markdown parser as a module, cross-origin: served with CORS as public/_headers does.
      if (path === '/markdown.js') {
        return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', headers: { 'access-control-allow-origin': '*' }, body: await readFile('public/markdown.js', 'utf8') });
      }
      return this.handle(route, path);
    });
    await page.routeWebSocket(/^ws:\/\/api\.test\//, (ws) => this.connect(ws));
  }

  /** Adds a message as the server would (next seq) and pushes it to open sockets. */
  add(message: Partial<ChatMessage> & Pick<ChatMessage, 'role' | 'kind' | 'text'>): ChatMessage {
    const stored: ChatMessage = { id: `msg-${this.messages.length + 1}`, seq: this.messages.length + 1, sources: [], feedback: false, replyTo: null, createdAt: new Date().toISOString(), ...message };
    this.messages.push(stored);
    this.broadcast({ type: 'message', message: stored });
    return stored;
  }

  /** A reply to the latest question (or to `extra.replyTo`), as the server sends it: kind 'staff' is written by staff. */
  answer(text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
    const kind = extra.kind ?? 'answer';
    const message = this.add({ role: 'assistant', kind, author: kind === 'staff' ? 'staff' : 'bot', text, feedback: kind === 'answer', replyTo: this.lastQuestion(), ...extra });
    this.setAwaiting(this.messages.some((m) => m.kind === 'holding' && !this.messages.some((r) => r.replyTo === m.replyTo && r.kind !== 'holding' && r.role === 'assistant')) ? 'review' : 'none');
    return message;
  }

  /** The server's holding reply for the latest question: it waits for a teammate's review. */
  hold(text = "Thanks for your question! A teammate is checking the answer before it's sent. You'll see the reply here."): ChatMessage {
    const message = this.add({ role: 'assistant', kind: 'holding', author: 'bot', text, replyTo: this.lastQuestion() });
    this.setAwaiting('review');
    return message;
  }

  private lastQuestion(): string | null {
    return this.messages.findLast((message) => message.role === 'customer')?.id ?? null;
  }

  setAwaiting(awaiting: Awaiting): void {
    this.awaiting = awaiting;
    this.broadcast({ type: 'awaiting', awaiting });
  }

  /** Drops every open WebSocket, as a network change or a server restart would. */
  dropSockets(): void {
    for (const ws of this.sockets) ws.close({ code: 1011, reason: 'restart' });
    this.sockets.clear();
  }

  requestsTo(method: string, suffix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path.endsWith(suffix));
  }

  private broadcast(frame: unknown): void {
    for (const ws of this.sockets) ws.send(JSON.stringify(frame));
  }

  private connect(ws: WebSocketRoute): void {
    const url = new URL(ws.url());
    if (!this.acceptSockets || url.searchParams.get('token') !== `token-${this.sessions}`) {
      ws.close({ code: 1008, reason: 'refused' });
      return;
    }
    this.socketsOpened++;
    this.sockets.add(ws);
    ws.onClose(() => this.sockets.delete(ws));
    ws.onMessage((data) => {
      if (JSON.parse(String(data)).type === 'ping') ws.send('{"type":"pong"}');
    });
    ws.send(JSON.stringify({ type: 'history', messages: this.messages, awaiting: this.awaiting }));
  }

  private async handle(route: Route, path: string): Promise<void> {
    const request = route.request();
    if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: { ...this.cors, 'access-control-max-age': '600' } });
    const raw = request.postData();
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    this.requests.push({ method: request.method(), path, body, authorization: request.headers().authorization });
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}) =>
      route.fulfill({ status, headers: { ...this.cors, ...headers }, contentType: 'application/json', body: json === undefined ? '' : JSON.stringify(json) });
    const error = (status: number, code: string, headers?: Record<string, string>) => reply(status, { error: { code, message: code } }, headers);

    if (path === '/web/sessions' && request.method() === 'POST') {
      if (this.stage === 'internal' && !body?.previewKey) return error(403, 'not_available');
      this.sessions++;
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      return reply(201, { token: `token-${this.sessions}`, conversationId: `conv-${this.sessions}`, expiresAt, stage: this.stage, preview: this.stage === 'internal' });
    }
    const match = /^\/web\/conversations\/([^/]+)\/(messages|feedback)$/.exec(path);
    if (!match) return error(404, 'not_found');
    if (request.headers().authorization !== `Bearer token-${this.sessions}`) return error(401, 'invalid_session');
    if (match[2] === 'feedback') return reply(204);
    if (request.method() === 'GET') return reply(200, { messages: this.messages, awaiting: this.awaiting });
    const fault = this.postFaults.shift();
    if (fault) return error(fault.status, fault.code, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    const clientMessageId = String(body?.clientMessageId);
    let message = this.byClientId.get(clientMessageId);
    if (!message) {
      message = this.add({ role: 'customer', kind: 'question', text: String(body?.text) });
      this.byClientId.set(clientMessageId, message);
      this.setAwaiting('answer');
      this.onQuestion(message.text);
    }
    return reply(202, { message });
  }
}
