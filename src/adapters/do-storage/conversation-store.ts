import type { Awaiting, ChatMessage, ConversationMeta } from '../../domain/webchat/messages';

/*
 * A web chat conversation's own storage: the Durable Object's SQLite
 * (ctx.storage.sql), not D1. Its SQL lives here rather than in adapters/d1
 * because it is a different database, private to one conversation object.
 */

/** A reply to store and push: what the web reply channel hands over. */
export interface AssistantReply {
  kind: 'answer' | 'holding' | 'staff';
  text: string;
  sources: ChatMessage['sources'];
  draftId: string | null;
  /** The customer message it answers. */
  replyTo: string;
}

/** A stored customer question, with what answering it needs. */
export interface StoredQuestion {
  message: ChatMessage;
  draftId: string | null;
  answered: boolean;
}

export interface MessageRow extends Record<string, SqlStorageValue> {
  seq: number;
  id: string;
  role: ChatMessage['role'];
  kind: ChatMessage['kind'];
  text: string;
  sources: string;
  feedback: number;
  draft_id: string | null;
  state: 'queued' | 'review' | 'done' | null;
  reply_to: string | null;
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

/** One conversation's meta row and messages, in the object's SQLite storage. */
export class ConversationStore {
  private readonly sql: SqlStorage;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    this.sql.exec(SCHEMA);
    // Conversations created before claims existed get the column once.
    const columns = this.sql.exec<{ name: string }>('PRAGMA table_info(messages)').toArray();
    if (!columns.some((column) => column.name === 'claimed_at')) this.sql.exec('ALTER TABLE messages ADD COLUMN claimed_at INTEGER');
  }

  init(meta: ConversationMeta): void {
    this.sql.exec("INSERT OR IGNORE INTO meta (key, value) VALUES ('meta', ?)", JSON.stringify(meta));
  }

  meta(): ConversationMeta | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'meta'").toArray()[0];
    return row ? (JSON.parse(row.value) as ConversationMeta) : null;
  }

  messages(): ChatMessage[] {
    return this.sql.exec<MessageRow>('SELECT * FROM messages ORDER BY seq').toArray().map(toMessage);
  }

  count(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM messages').one().n;
  }

  awaiting(): Awaiting {
    const states = new Set(this.sql.exec<{ state: string }>("SELECT DISTINCT state FROM messages WHERE role = 'customer' AND state != 'done'").toArray().map((row) => row.state));
    if (states.has('queued')) return 'answer';
    return states.has('review') ? 'review' : 'none';
  }

  /** The stored message under a client message id, with its text (to tell a resend from a reuse). */
  byClientId(clientMessageId: string): { message: ChatMessage; text: string } | null {
    const row = this.sql.exec<MessageRow>('SELECT * FROM messages WHERE client_id = ?', clientMessageId).toArray()[0];
    return row ? { message: toMessage(row), text: row.text } : null;
  }

  /** Stores a queued question unless its client id is taken; returns whichever message holds that id. */
  insertQuestion(id: string, text: string, clientMessageId: string, now: Date): { message: ChatMessage; text: string } {
    this.sql.exec(
      `INSERT INTO messages (id, role, kind, text, client_id, state, enqueued_at, created_at) VALUES (?, 'customer', 'question', ?, ?, 'queued', ?, ?)
       ON CONFLICT (client_id) DO NOTHING`,
      id,
      text,
      clientMessageId,
      now.getTime(),
      now.toISOString(),
    );
    // Whichever insert won is the message; rowsWritten cannot tell (it counts index writes too).
    return this.byClientId(clientMessageId)!;
  }

  /** 'claimed' for one attempt; 'busy' while another holds a claim younger than ttlMs; 'answered' once it has a reply or holding message. */
  claim(messageId: string, nowMs: number, ttlMs: number): 'claimed' | 'busy' | 'answered' | 'missing' {
    const row = this.sql.exec<{ state: string | null; claimed_at: number | null }>("SELECT state, claimed_at FROM messages WHERE id = ? AND role = 'customer'", messageId).toArray()[0];
    if (!row) return 'missing';
    if (row.state !== 'queued') return 'answered';
    if (row.claimed_at !== null && nowMs - row.claimed_at < ttlMs) return 'busy';
    this.sql.exec('UPDATE messages SET claimed_at = ?, enqueued_at = ? WHERE id = ?', nowMs, nowMs, messageId);
    return 'claimed';
  }

  release(messageId: string): void {
    this.sql.exec('UPDATE messages SET claimed_at = NULL WHERE id = ?', messageId);
  }

  /** A customer question, its place in the conversation (seq) and answering state. */
  question(messageId: string): StoredQuestion | null {
    const row = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ? AND role = 'customer'", messageId).toArray()[0];
    return row ? { message: toMessage(row), draftId: row.draft_id, answered: row.state === 'done' } : null;
  }

  /** Attaches the draft answering a question, once; returns the draft that won. */
  attachDraft(messageId: string, draftId: string): string {
    this.sql.exec('UPDATE messages SET draft_id = ? WHERE id = ? AND draft_id IS NULL', draftId, messageId);
    return this.sql.exec<{ draft_id: string }>('SELECT draft_id FROM messages WHERE id = ?', messageId).one().draft_id;
  }

  /** Stores a reply once per delivery key and marks its question; null when the key was seen. */
  storeReply(key: string, reply: AssistantReply): ChatMessage | null {
    if (this.sql.exec('SELECT 1 FROM messages WHERE delivery_key = ?', key).toArray().length > 0) return null;
    const id = crypto.randomUUID();
    this.storage.transactionSync(() => {
      this.sql.exec(
        `INSERT INTO messages (id, role, kind, text, sources, feedback, draft_id, delivery_key, reply_to, created_at) VALUES (?, 'assistant', ?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        reply.kind,
        reply.text,
        JSON.stringify(reply.sources),
        reply.kind === 'answer' && reply.draftId ? 1 : 0,
        reply.draftId,
        key,
        reply.replyTo,
        new Date().toISOString(),
      );
      // A holding message leaves the question waiting for review; anything else answers it.
      this.sql.exec("UPDATE messages SET state = ? WHERE id = ? AND state != 'done'", reply.kind === 'holding' ? 'review' : 'done', reply.replyTo);
    });
    return toMessage(this.sql.exec<MessageRow>('SELECT * FROM messages WHERE id = ?', id).one());
  }

  /** The draft behind an assistant message that takes feedback, or null. */
  feedbackDraft(messageId: string): string | null {
    const row = this.sql.exec<{ draft_id: string | null }>("SELECT draft_id FROM messages WHERE id = ? AND role = 'assistant' AND feedback = 1", messageId).toArray()[0];
    return row?.draft_id ?? null;
  }

  /** Questions still waiting for their first answering attempt, with when and how often they were queued. */
  queuedQuestions(): { id: string; enqueuedAt: number; attempts: number }[] {
    return this.sql
      .exec<{ id: string; enqueued_at: number; enqueue_attempts: number }>("SELECT id, enqueued_at, enqueue_attempts FROM messages WHERE state = 'queued'")
      .toArray()
      .map((row) => ({ id: row.id, enqueuedAt: row.enqueued_at, attempts: row.enqueue_attempts }));
  }

  markRequeued(messageId: string, nowMs: number): void {
    this.sql.exec('UPDATE messages SET enqueue_attempts = enqueue_attempts + 1, enqueued_at = ? WHERE id = ?', nowMs, messageId);
  }
}

function toMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    seq: row.seq,
    role: row.role,
    kind: row.kind,
    // Staff-written replies are stored as kind 'staff' (see WebReplyChannel).
    ...(row.role === 'assistant' ? { author: row.kind === 'staff' ? ('staff' as const) : ('bot' as const) } : {}),
    replyTo: row.reply_to,
    text: row.text,
    sources: JSON.parse(row.sources) as ChatMessage['sources'],
    feedback: row.feedback === 1,
    createdAt: row.created_at,
  };
}
