import { networkCode } from './load-figures';
import type { ChatMessage, ChatSocket, ServerFrame, WebChatClient, WebSession } from './webchat-client';

/** One question's outcome, as the customer saw it. */
export type AskOutcome =
  | { ok: true; ackMs: number; replyMs: number; kind: ChatMessage['kind'] }
  /** The POST was refused (`http-429`, `http-503` ...) or failed (`network`). */
  | { ok: false; error: string; ackMs: number | null }
  /** Stored (202) but no reply on the WebSocket within the timeout. */
  | { ok: false; error: 'timeout'; ackMs: number };

let counter = 0;

/**
 * A customer in one conversation, asking one question at a time: each
 * question is POSTed, and the first assistant message pushed on the
 * conversation's WebSocket afterwards is its reply (latency from the start of
 * the POST to that frame). After a timeout the conversation is abandoned, so
 * a late reply is never taken for the answer to a later question.
 */
export class WebChatUser {
  /** Assistant frames that arrived while no question was waiting: late replies or duplicates. */
  unexpectedReplies = 0;
  /** Questions stored (202), in order. */
  readonly asked: string[] = [];
  abandoned = false;
  private waiting: ((message: ChatMessage) => void) | null = null;
  private socket: ChatSocket | null = null;

  private constructor(
    private readonly client: WebChatClient,
    readonly session: WebSession,
  ) {}

  static async open(client: WebChatClient): Promise<WebChatUser> {
    const user = new WebChatUser(client, await client.createSession());
    user.socket = await client.connect(user.session, (frame) => user.onFrame(frame));
    return user;
  }

  get socketClosed(): string | null {
    return this.socket?.closed ? (this.socket.closeReason ?? 'closed') : null;
  }

  async ask(text: string, timeoutMs: number): Promise<AskOutcome> {
    if (this.abandoned) throw new Error('this conversation was abandoned after a timeout');
    counter += 1;
    const clientMessageId = `bench-${process.pid}-${counter}`;
    let settle: (message: ChatMessage) => void = () => {};
    const reply = new Promise<ChatMessage>((resolve) => {
      settle = resolve;
    });
    // Waiting before the POST: the reply can be pushed before the 202 is read.
    let repliedAt = 0;
    this.waiting = (message) => {
      repliedAt = performance.now();
      settle(message);
    };
    const started = performance.now();
    let ackMs: number;
    try {
      const posted = await this.client.postMessage(this.session, text, clientMessageId);
      ackMs = performance.now() - started;
      if (posted.status !== 202) {
        this.waiting = null;
        return { ok: false, error: `http-${posted.status}${posted.code ? ` ${posted.code}` : ''}`, ackMs };
      }
    } catch (error) {
      this.waiting = null;
      return { ok: false, error: `network ${networkCode(error)}`, ackMs: null };
    }
    this.asked.push(clientMessageId);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), Math.max(0, timeoutMs - (performance.now() - started)));
    });
    const message = await Promise.race([reply, timedOut]);
    clearTimeout(timer);
    this.waiting = null;
    if (!message) {
      this.abandoned = true;
      return { ok: false, error: 'timeout', ackMs };
    }
    return { ok: true, ackMs, replyMs: repliedAt - started, kind: message.kind };
  }

  /** The stored conversation, for the final count of replies per question. */
  history(): Promise<ChatMessage[]> {
    return this.client.history(this.session);
  }

  close(): void {
    this.socket?.close();
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.type !== 'message' || frame.message.role !== 'assistant') return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting(frame.message);
    } else {
      this.unexpectedReplies += 1;
    }
  }
}

export interface ReplyCount {
  /** Customer questions in the conversation. */
  questions: number;
  /** Questions with at least one assistant message after them (before the next question). */
  answered: number;
  /** Questions with none. */
  unanswered: number;
  /** Assistant messages beyond the first, summed over questions. */
  duplicates: number;
  /** Assistant messages by kind (answer, holding ...). */
  kinds: Record<string, number>;
}

/**
 * Replies per question in a stored conversation: each assistant message
 * belongs to the latest customer question before it (seq order). Because a
 * customer asks only after the previous reply arrived, a duplicate of an
 * earlier reply can land after a later question; it is still counted as one
 * duplicate, only under that later question.
 */
export function countReplies(messages: Pick<ChatMessage, 'seq' | 'role' | 'kind'>[]): ReplyCount {
  const perQuestion: number[] = [];
  const kinds: Record<string, number> = {};
  for (const message of [...messages].sort((a, b) => a.seq - b.seq)) {
    if (message.role === 'customer') perQuestion.push(0);
    else {
      kinds[message.kind] = (kinds[message.kind] ?? 0) + 1;
      // An assistant message before any question (a greeting) answers nothing.
      if (perQuestion.length > 0) perQuestion[perQuestion.length - 1]! += 1;
    }
  }
  return {
    questions: perQuestion.length,
    answered: perQuestion.filter((count) => count > 0).length,
    unanswered: perQuestion.filter((count) => count === 0).length,
    duplicates: perQuestion.reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    kinds,
  };
}
