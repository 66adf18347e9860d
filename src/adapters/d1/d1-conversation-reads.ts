import type {
  ConversationReadModel,
  DraftSummary,
  SlackEventRow,
  SlackThreadRow,
  WebConversationLedger,
  WebConversationRow,
} from '../../application/console-read-models';
import type { Review } from '../../domain/review/types';

/** Conversations as the console shows them: web chat listings, Slack threads (from inbound events), and their drafts. */
export class D1ConversationReads implements ConversationReadModel {
  constructor(private readonly db: D1Database) {}

  listWebConversations(options: { limit: number; before?: string }): Promise<WebConversationRow[]> {
    return listWebConversations(this.db, options);
  }

  webConversationExists(id: string): Promise<boolean> {
    return webConversationExists(this.db, id);
  }

  listSlackThreads(limit: number): Promise<SlackThreadRow[]> {
    return listSlackThreads(this.db, limit);
  }

  slackThreadEvents(channel: string, threadTs: string, limit?: number): Promise<SlackEventRow[]> {
    return slackThreadEvents(this.db, channel, threadTs, limit);
  }

  draftSummaries(ids: string[]): Promise<Map<string, DraftSummary>> {
    return draftSummaries(this.db, ids);
  }

  webConversationDraftIds(conversationId: string): Promise<string[]> {
    return webConversationDraftIds(this.db, conversationId);
  }
}

/** The web conversations listing: a row per conversation, its counter kept off the reply path by the caller. */
export class D1WebConversations implements WebConversationLedger {
  constructor(private readonly db: D1Database) {}

  async create(conversation: { id: string; channel: string; preview: boolean; createdAt: string }): Promise<void> {
    await this.db
      .prepare('INSERT INTO web_conversations (id, channel, preview, created_at) VALUES (?, ?, ?, ?)')
      .bind(conversation.id, conversation.channel, conversation.preview ? 1 : 0, conversation.createdAt)
      .run();
  }

  async countMessage(conversationId: string, at: string): Promise<void> {
    await this.db.prepare('UPDATE web_conversations SET message_count = message_count + 1, last_message_at = ? WHERE id = ?').bind(at, conversationId).run();
  }
}

const THREAD = "COALESCE(json_extract(payload, '$.event.thread_ts'), json_extract(payload, '$.event.ts'))";
const CHANNEL = "json_extract(payload, '$.event.channel')";

async function listWebConversations(db: D1Database, options: { limit: number; before?: string }): Promise<WebConversationRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM web_conversations WHERE (?1 IS NULL OR created_at < ?1) ORDER BY created_at DESC LIMIT ?2')
    .bind(options.before ?? null, options.limit)
    .all<{ id: string; channel: string; preview: number; created_at: string; last_message_at: string | null; message_count: number }>();
  return results.map((row) => ({
    id: row.id,
    channel: row.channel,
    preview: row.preview === 1,
    createdAt: row.created_at,
    lastMessageAt: row.last_message_at,
    messageCount: row.message_count,
  }));
}

async function webConversationExists(db: D1Database, id: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 AS found FROM web_conversations WHERE id = ?').bind(id).first()) !== null;
}

/**
 * Slack threads the bot saw, newest activity first. Handled events are kept
 * INBOUND_RETENTION_DAYS, so older threads are gone from here (their drafts
 * and reviews stay in the history).
 */
async function listSlackThreads(db: D1Database, limit: number): Promise<SlackThreadRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${CHANNEL} AS channel, ${THREAD} AS thread, COUNT(*) AS messages, MIN(received_at) AS started, MAX(received_at) AS last
       FROM inbound_events WHERE source = 'slack' AND status != 'ignored' AND ${CHANNEL} IS NOT NULL
       GROUP BY channel, thread ORDER BY last DESC LIMIT ?`,
    )
    .bind(limit)
    .all<{ channel: string; thread: string; messages: number; started: string; last: string }>();
  return results.map((row) => ({ channel: row.channel, threadTs: String(row.thread), messages: row.messages, startedAt: row.started, lastAt: row.last }));
}

async function slackThreadEvents(db: D1Database, channel: string, threadTs: string, limit = 100): Promise<SlackEventRow[]> {
  const { results } = await db
    .prepare(
      `SELECT key, payload, status, draft_id, received_at FROM inbound_events
       WHERE source = 'slack' AND status != 'ignored' AND ${CHANNEL} = ? AND ${THREAD} = ?
       ORDER BY received_at LIMIT ?`,
    )
    .bind(channel, threadTs, limit)
    .all<{ key: string; payload: string; status: string; draft_id: string | null; received_at: string }>();
  return results.map((row) => {
    const event = (safeJson(row.payload) as { event?: { user?: unknown; text?: unknown; ts?: unknown } } | null)?.event ?? {};
    return {
      key: row.key,
      user: typeof event.user === 'string' ? event.user : null,
      text: typeof event.text === 'string' ? event.text : '',
      ts: typeof event.ts === 'string' ? event.ts : null,
      status: row.status,
      draftId: row.draft_id,
      receivedAt: row.received_at,
    };
  });
}

/** Drafts (and their reviews) by id: at most 100, D1's limit on bound parameters. */
async function draftSummaries(db: D1Database, ids: string[]): Promise<Map<string, DraftSummary>> {
  const unique = [...new Set(ids)].slice(0, 100);
  if (unique.length === 0) return new Map();
  const marks = unique.map(() => '?').join(', ');
  const { results } = await db
    .prepare(
      `SELECT d.id, d.question, d.answer, d.decision, d.confidence, d.created_at,
              r.id AS review_id, r.status, r.kind, r.decided_by, r.decided_at, r.final_text, r.reject_reason
       FROM drafts d LEFT JOIN reviews r ON r.draft_id = d.id WHERE d.id IN (${marks})`,
    )
    .bind(...unique)
    .all<{
      id: string; question: string; answer: string; decision: string; confidence: number; created_at: string;
      review_id: string | null; status: Review['status'] | null; kind: Review['kind'] | null; decided_by: string | null;
      decided_at: string | null; final_text: string | null; reject_reason: string | null;
    }>();
  return new Map(
    results.map((row) => [
      row.id,
      {
        id: row.id,
        question: row.question,
        answer: row.answer,
        decision: row.decision,
        confidence: row.confidence,
        createdAt: row.created_at,
        review: row.review_id
          ? { id: row.review_id, status: row.status!, kind: row.kind!, decidedBy: row.decided_by, decidedAt: row.decided_at, finalText: row.final_text, rejectReason: row.reject_reason }
          : null,
      },
    ]),
  );
}

/** Reviews whose reply goes to a web conversation (handoffs and failures included). */
async function webConversationDraftIds(db: D1Database, conversationId: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT draft_id FROM reviews WHERE json_extract(destination, '$.conversationId') = ? ORDER BY created_at LIMIT 100")
    .bind(conversationId)
    .all<{ draft_id: string }>();
  return results.map((row) => row.draft_id);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
