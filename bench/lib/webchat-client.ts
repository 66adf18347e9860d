import { createRequire } from 'node:module';

/**
 * The web chat API (docs/web-chat.md) as a customer's browser uses it: a
 * session, messages over HTTP, replies over the conversation's WebSocket.
 *
 * Node 20 has no global WebSocket, so the `ws` package is loaded from
 * node_modules, where wrangler's miniflare and the openai SDK already put it
 * (it is not a direct dependency of this repository, and has no type
 * declarations here: the little of it used is typed below).
 */
interface WsSocket {
  on(event: 'open', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer | string) => void): void;
  on(event: 'close', listener: (code: number) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
  terminate(): void;
}
type WsConstructor = new (url: string) => WsSocket;

let wsConstructor: WsConstructor | undefined;
function webSocketClass(): WsConstructor {
  if (!wsConstructor) {
    try {
      wsConstructor = createRequire(import.meta.url)('ws') as WsConstructor;
    } catch {
      throw new Error('the `ws` package is not in node_modules (it comes with wrangler): run `npm ci`');
    }
  }
  return wsConstructor;
}

/** The fields of a chat message this benchmark reads. */
export type ChatMessage = Pick<import('../../src/domain/webchat/messages').ChatMessage, 'id' | 'seq' | 'role' | 'kind' | 'text'>;

export interface WebSession {
  token: string;
  conversationId: string;
}

export type ServerFrame =
  | { type: 'history'; messages: ChatMessage[]; awaiting: string }
  | { type: 'message'; message: ChatMessage }
  | { type: 'awaiting'; awaiting: string }
  | { type: 'error'; error: { status: number; code: string } };

export interface ChatSocket {
  close(): void;
  /** True once the socket closed or failed (the reason is in `closeReason`). */
  readonly closed: boolean;
  readonly closeReason: string | null;
}

export class WebChatClient {
  constructor(private readonly origin: string) {}

  async createSession(channel = 'web'): Promise<WebSession> {
    const response = await fetch(`${this.origin}/web/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel }),
    });
    const body = (await response.json().catch(() => null)) as (WebSession & { error?: { code?: string } }) | null;
    if (response.status !== 201 || !body?.token) throw new Error(`POST /web/sessions answered ${response.status} ${body?.error?.code ?? ''}`.trim());
    return { token: body.token, conversationId: body.conversationId };
  }

  /** Sends a customer message; the status is 202 when it was stored (and queued). */
  async postMessage(session: WebSession, text: string, clientMessageId: string): Promise<{ status: number; code: string | null }> {
    const response = await fetch(`${this.origin}/web/conversations/${session.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ text, clientMessageId }),
    });
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
    return { status: response.status, code: body?.error?.code ?? null };
  }

  async history(session: WebSession): Promise<ChatMessage[]> {
    const response = await fetch(`${this.origin}/web/conversations/${session.conversationId}/messages`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    if (response.status !== 200) throw new Error(`GET messages answered ${response.status}`);
    return ((await response.json()) as { messages: ChatMessage[] }).messages;
  }

  /** Opens the conversation's WebSocket; resolves once the history frame arrived. */
  connect(session: WebSession, onFrame: (frame: ServerFrame) => void, timeoutMs = 30_000): Promise<ChatSocket> {
    const url = `${this.origin.replace(/^http/, 'ws')}/web/conversations/${session.conversationId}/ws?token=${encodeURIComponent(session.token)}`;
    const WebSocket = webSocketClass();
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const state = { closed: false, closeReason: null as string | null, ready: false };
      const handle: ChatSocket = {
        close: () => socket.close(),
        get closed() {
          return state.closed;
        },
        get closeReason() {
          return state.closeReason;
        },
      };
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error('the WebSocket sent no history frame in time'));
      }, timeoutMs);
      socket.on('message', (data) => {
        let frame: ServerFrame;
        try {
          frame = JSON.parse(String(data)) as ServerFrame;
        } catch {
          return;
        }
        if (frame.type === 'history' && !state.ready) {
          state.ready = true;
          clearTimeout(timer);
          resolve(handle);
        }
        onFrame(frame);
      });
      socket.on('close', (code) => {
        state.closed = true;
        state.closeReason ??= `closed ${code}`;
        clearTimeout(timer);
        if (!state.ready) reject(new Error(`the WebSocket closed (${code}) before its history frame`));
      });
      socket.on('error', (error) => {
        state.closeReason = `error ${(error as NodeJS.ErrnoException).code ?? error.message}`;
        if (!state.ready) {
          clearTimeout(timer);
          reject(new Error(`WebSocket: ${state.closeReason}`));
        }
      });
    });
  }
}
