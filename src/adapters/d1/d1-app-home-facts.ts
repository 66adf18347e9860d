import type { ReviewCard } from '../../domain/review/types';

/** A pending review as the App Home lists it. */
export interface PendingReviewFact {
  id: string;
  kind: string;
  question: string;
  createdAt: string;
  card: ReviewCard | null;
}

export interface StepDownFact {
  at: string;
  actor: string;
  channel: string;
  comment: string | null;
}

export interface KnowledgeFacts {
  documents: number;
  lastSync: string | null;
  /** Documents grouped by the first part of their id (the folder or prefix they were ingested under). */
  sources: { name: string; documents: number; lastSync: string }[];
}

/** How far back the questions behind suggested prompts are looked for. */
const PROMPT_WINDOW_DAYS = 90;

/** The App Home's read model: what staff and employees see there, from D1. */
export class D1AppHomeFacts {
  constructor(
    private readonly db: D1Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Pending reviews, oldest first (at most `limit`), and how many there are in all. */
  async pendingReviews(limit: number): Promise<{ count: number; oldest: PendingReviewFact[] }> {
    const [total, rows] = await this.db.batch([
      this.db.prepare("SELECT count(*) AS n FROM reviews WHERE status = 'pending'"),
      this.db
        .prepare(
          `SELECT r.id, r.kind, r.created_at, r.card, d.question FROM reviews r JOIN drafts d ON d.id = r.draft_id
           WHERE r.status = 'pending' ORDER BY r.created_at, r.id LIMIT ?`,
        )
        .bind(limit),
    ]);
    const count = (total?.results[0] as { n: number } | undefined)?.n ?? 0;
    const oldest = ((rows?.results ?? []) as { id: string; kind: string; created_at: string; card: string | null; question: string }[]).map((row) => ({
      id: row.id,
      kind: row.kind,
      question: row.question,
      createdAt: row.created_at,
      card: parseCard(row.card),
    }));
    return { count, oldest };
  }

  /** The most recent move of a channel down a stage (by the safety net or an admin). */
  async lastStepDown(): Promise<StepDownFact | null> {
    const row = await this.db
      .prepare(
        `SELECT at, actor, subject, comment FROM audit_log
         WHERE action = 'stage-stepped-down' OR (action = 'stage-changed' AND json_extract(details, '$.direction') = 'down')
         ORDER BY at DESC, id DESC LIMIT 1`,
      )
      .first<{ at: string; actor: string; subject: string; comment: string | null }>();
    return row ? { at: row.at, actor: row.actor, channel: row.subject, comment: row.comment } : null;
  }

  /**
   * What the reader may ask about: for employees every document (they read
   * internal and public ones); for `public` readers (guests, Slack Connect
   * users) public documents only, so not even the names of internal folders show.
   */
  async knowledge(maxSources: number, reader: 'internal' | 'public' = 'internal'): Promise<KnowledgeFacts> {
    // Constant SQL either way; the reader only binds a value.
    const scope = "(? = 'internal' OR audience = 'public')";
    const [total, sources] = await this.db.batch([
      this.db.prepare(`SELECT count(*) AS n, max(updated_at) AS last FROM documents WHERE ${scope}`).bind(reader),
      this.db
        .prepare(
          `SELECT CASE WHEN instr(id, '/') > 0 THEN substr(id, 1, instr(id, '/') - 1) ELSE '' END AS name,
                  count(*) AS documents, max(updated_at) AS last
           FROM documents WHERE ${scope} GROUP BY name ORDER BY documents DESC, name LIMIT ?`,
        )
        .bind(reader, maxSources),
    ]);
    const summary = total?.results[0] as { n: number; last: string | null } | undefined;
    return {
      documents: summary?.n ?? 0,
      lastSync: summary?.last ?? null,
      sources: ((sources?.results ?? []) as { name: string; documents: number; last: string }[]).map((row) => ({ name: row.name, documents: row.documents, lastSync: row.last })),
    };
  }

  /**
   * The Slack questions employees asked most that the bot answered well: a
   * reply staff approved, or one sent unreviewed that someone found helpful
   * and nobody found unhelpful. Counted by the question's text, most asked first.
   */
  async wellAnsweredQuestions(minAsked: number, limit: number): Promise<{ question: string; asked: number }[]> {
    const since = new Date(this.now().getTime() - PROMPT_WINDOW_DAYS * 86_400_000).toISOString();
    const { results } = await this.db
      .prepare(
        `SELECT min(d.question) AS question, count(*) AS asked FROM drafts d LEFT JOIN reviews r ON r.draft_id = d.id
         WHERE d.audience = 'employee' AND d.channel = 'slack' AND d.created_at >= ?
           AND (r.status = 'approved' OR (d.decision = 'send' AND EXISTS (SELECT 1 FROM feedback f WHERE f.draft_id = d.id AND f.helpful = 1)))
           AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.draft_id = d.id AND f.helpful = 0)
         GROUP BY lower(trim(d.question)) HAVING count(*) >= ?
         ORDER BY asked DESC, max(d.created_at) DESC LIMIT ?`,
      )
      .bind(since, minAsked, limit)
      .all<{ question: string; asked: number }>();
    return results;
  }
}

function parseCard(json: string | null): ReviewCard | null {
  if (!json) return null;
  try {
    const card = JSON.parse(json) as ReviewCard;
    return typeof card.channel === 'string' && typeof card.ts === 'string' ? card : null;
  } catch {
    return null;
  }
}
