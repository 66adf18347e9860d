import type { RolloutStage } from '../../domain/answer/types';
import {
  type ChannelFacts,
  type DraftFact,
  type FeedbackFact,
  MAX_SAMPLE_SIZE,
  MAX_WINDOW_DAYS,
  type MetricsWindow,
  type ReadinessFacts,
  type ReviewFact,
} from '../../domain/metrics';

/** Rows read per query at most: a window busier than this is reported as incomplete, newest rows kept. */
export const MAX_METRIC_ROWS = 10_000;
/** Characters of draft and final text compared for edit size (the comparison stops at 200 words anyway). */
const MAX_TEXT = 4000;
/** Characters of a handed-off question kept for grouping and display. */
const MAX_QUESTION = 500;
const DAY_MS = 86_400_000;

interface DraftRow {
  id: string;
  created_at: string;
  decision: DraftFact['decision'];
  mode: DraftFact['mode'];
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  question: string | null;
}

interface ReviewRow {
  id: string;
  draft_id: string;
  kind: ReviewFact['kind'];
  status: ReviewFact['status'];
  created_at: string;
  decided_at: string | null;
  draft_answer: string | null;
  final_text: string | null;
  proposed_actions: number | null;
}

interface FeedbackRow {
  draft_id: string;
  helpful: number;
}

const REVIEW_COLUMNS = `r.id, r.draft_id, r.kind, r.status, r.created_at, r.decided_at,
  CASE WHEN r.status = 'edited' THEN substr(d.answer, 1, ${MAX_TEXT}) END AS draft_answer,
  CASE WHEN r.status = 'edited' THEN substr(r.final_text, 1, ${MAX_TEXT}) END AS final_text,
  COALESCE(json_array_length(d.proposed_actions), 0) AS proposed_actions`;

/**
 * Reads the rows the metrics and readiness figures are computed from. Every
 * query is bounded: by channel and time through the drafts_by_channel and
 * reviews_by_channel indexes, a window of at most MAX_WINDOW_DAYS, and a
 * LIMIT. Preview drafts never match: 'preview' is not a channel.
 */
export class D1Metrics {
  constructor(private readonly db: D1Database) {}

  /**
   * The channel's rollout stage, or null when there is no such channel.
   * Slack's row is created from SLACK_STAGE on first use elsewhere; until
   * then `slackStage` stands in for it.
   */
  async channelStage(channel: string, slackStage: RolloutStage): Promise<RolloutStage | null> {
    const row = await this.db.prepare('SELECT stage FROM channels WHERE id = ?').bind(channel).first<{ stage: RolloutStage }>();
    if (row) return row.stage;
    return channel === 'slack' ? slackStage : null;
  }

  /** The channel's drafts, reviews and votes in the window. */
  async windowFacts(channel: string, window: MetricsWindow): Promise<ChannelFacts> {
    if (Date.parse(window.to) - Date.parse(window.from) > MAX_WINDOW_DAYS * DAY_MS) throw new RangeError(`The window is longer than ${MAX_WINDOW_DAYS} days.`);
    const limit = MAX_METRIC_ROWS + 1;
    // Staff preview drafts (and their reviews and votes) are left out; only their number is read, to say so on the page.
    const [drafts, reviews, feedback, previews] = await this.db.batch<DraftRow | ReviewRow | FeedbackRow | { previews: number }>([
      this.db
        .prepare(
          `SELECT id, created_at, decision, mode, model, input_tokens, output_tokens,
             CASE WHEN decision = 'handoff' THEN substr(question, 1, ${MAX_QUESTION}) END AS question
           FROM drafts WHERE channel = ?1 AND created_at >= ?2 AND created_at < ?3 AND preview = 0
           ORDER BY created_at DESC LIMIT ?4`,
        )
        .bind(channel, window.from, window.to, limit),
      this.db
        .prepare(
          `SELECT ${REVIEW_COLUMNS}
           FROM reviews r LEFT JOIN drafts d ON d.id = r.draft_id
           WHERE r.channel = ?1 AND r.created_at >= ?2 AND r.created_at < ?3 AND COALESCE(d.preview, 0) = 0
           ORDER BY r.created_at DESC LIMIT ?4`,
        )
        .bind(channel, window.from, window.to, limit),
      this.db
        .prepare(
          `SELECT f.draft_id, f.helpful FROM drafts d JOIN feedback f ON f.draft_id = d.id
           WHERE d.channel = ?1 AND d.created_at >= ?2 AND d.created_at < ?3 AND d.preview = 0
           ORDER BY d.created_at DESC LIMIT ?4`,
        )
        .bind(channel, window.from, window.to, limit),
      this.db
        .prepare('SELECT COUNT(*) AS previews FROM drafts WHERE channel = ?1 AND created_at >= ?2 AND created_at < ?3 AND preview = 1')
        .bind(channel, window.from, window.to),
    ]);
    const rows = [drafts!.results as DraftRow[], reviews!.results as ReviewRow[], feedback!.results as FeedbackRow[]] as const;
    return {
      drafts: rows[0].slice(0, MAX_METRIC_ROWS).map(draftFact),
      reviews: rows[1].slice(0, MAX_METRIC_ROWS).map(reviewFact),
      feedback: rows[2].slice(0, MAX_METRIC_ROWS).map(feedbackFact),
      previewQuestions: (previews!.results[0] as { previews: number } | undefined)?.previews ?? 0,
      truncated: rows.some((list) => list.length > MAX_METRIC_ROWS),
    };
  }

  /**
   * The channel's latest `sampleSize` closed reviews of kinds review and
   * sample (newest first by creation, which the index orders), and the
   * questions and votes among its latest `sampleSize` drafts.
   */
  async readinessFacts(channel: string, sampleSize: number, options: { previews: boolean }): Promise<ReadinessFacts> {
    const size = Math.min(Math.max(1, Math.trunc(sampleSize)), MAX_SAMPLE_SIZE);
    // Staff previews count only where asked for (the step to supervised: while internal they are all there is).
    const previews = options.previews ? '' : ' AND preview = 0';
    const latestDrafts = `SELECT id, preview FROM drafts WHERE channel = ?1${previews} ORDER BY created_at DESC LIMIT ?2`;
    const [reviews, questions, feedback] = await this.db.batch<ReviewRow | { questions: number; previews: number } | FeedbackRow>([
      this.db
        .prepare(
          `SELECT ${REVIEW_COLUMNS}
           FROM reviews r LEFT JOIN drafts d ON d.id = r.draft_id
           WHERE r.channel = ?1 AND r.kind IN ('review', 'sample') AND r.status IN ('approved', 'edited', 'rejected', 'expired')
             AND COALESCE(d.preview, 0) = 0
           ORDER BY r.created_at DESC LIMIT ?2`,
        )
        .bind(channel, size),
      this.db.prepare(`SELECT COUNT(*) AS questions, COALESCE(SUM(preview), 0) AS previews FROM (${latestDrafts})`).bind(channel, size),
      this.db.prepare(`SELECT draft_id, helpful FROM feedback WHERE draft_id IN (SELECT id FROM (${latestDrafts})) LIMIT ${MAX_METRIC_ROWS}`).bind(channel, size),
    ]);
    const counted = questions!.results[0] as { questions: number; previews: number } | undefined;
    return {
      reviews: (reviews!.results as ReviewRow[]).map(reviewFact),
      questions: counted?.questions ?? 0,
      previewQuestions: counted?.previews ?? 0,
      feedback: (feedback!.results as FeedbackRow[]).map(feedbackFact),
    };
  }

  /**
   * What the step-down check reads: the channel's sampled replies and the
   * votes on its drafts created since `since` (pass the later of the window
   * start and the moment the channel became autonomous).
   */
  async stepDownFacts(channel: string, since: string): Promise<{ samples: Pick<ReviewFact, 'status'>[]; feedback: FeedbackFact[] }> {
    const start = Date.parse(since);
    if (Number.isNaN(start)) throw new RangeError('since must be an ISO 8601 time');
    const floor = new Date(Math.max(start, Date.now() - MAX_WINDOW_DAYS * DAY_MS)).toISOString();
    const [samples, feedback] = await this.db.batch<{ status: ReviewFact['status'] } | FeedbackRow>([
      this.db
        .prepare(`SELECT status FROM reviews WHERE channel = ?1 AND created_at >= ?2 AND kind = 'sample' ORDER BY created_at DESC LIMIT ?3`)
        .bind(channel, floor, MAX_METRIC_ROWS),
      this.db
        .prepare(
          `SELECT f.draft_id, f.helpful FROM drafts d JOIN feedback f ON f.draft_id = d.id
           WHERE d.channel = ?1 AND d.created_at >= ?2 ORDER BY d.created_at DESC LIMIT ?3`,
        )
        .bind(channel, floor, MAX_METRIC_ROWS),
    ]);
    return {
      samples: (samples!.results as { status: ReviewFact['status'] }[]).map((row) => ({ status: row.status })),
      feedback: (feedback!.results as FeedbackRow[]).map(feedbackFact),
    };
  }
}

function draftFact(row: DraftRow): DraftFact {
  return {
    id: row.id,
    createdAt: row.created_at,
    decision: row.decision,
    mode: row.mode,
    model: row.model,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    question: row.question,
  };
}

function reviewFact(row: ReviewRow): ReviewFact {
  return {
    id: row.id,
    draftId: row.draft_id,
    kind: row.kind,
    status: row.status,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    draftAnswer: row.draft_answer,
    finalText: row.final_text,
    proposedActions: row.proposed_actions ?? 0,
  };
}

function feedbackFact(row: FeedbackRow): FeedbackFact {
  return { draftId: row.draft_id, helpful: row.helpful === 1 };
}
