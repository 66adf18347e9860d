export interface AuditRow {
  /** 'log': an audit_log entry; 'review': a review decision, read from the reviews table where it is recorded. */
  source: 'log' | 'review';
  at: string;
  actor: string;
  action: string;
  subject: string;
  comment: string | null;
  details: unknown;
}

export const REVIEW_ACTIONS = ['review-approved', 'review-edited', 'review-rejected', 'review-expired'] as const;

/**
 * The audit log as the console shows it: the append-only audit_log (sign-ins,
 * stage changes, knowledge changes, model promotions) merged with staff
 * decisions on reviews, which the reviews table already records with who and
 * when (from Slack and the console alike), so they are not written twice.
 */
export async function listAudit(db: D1Database, filter: { action?: string; actor?: string; limit: number; offset: number }): Promise<AuditRow[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM (
         SELECT 'log' AS source, at, actor, action, subject, comment, details FROM audit_log
         UNION ALL
         SELECT 'review', decided_at, COALESCE(decided_by, 'deadline'), 'review-' || status, id, reject_reason,
                json_object('kind', kind, 'channel', channel)
         FROM reviews WHERE status != 'pending' AND decided_at IS NOT NULL
       )
       WHERE (?1 IS NULL OR action = ?1) AND (?2 IS NULL OR actor = ?2)
       ORDER BY at DESC LIMIT ?3 OFFSET ?4`,
    )
    .bind(filter.action ?? null, filter.actor ?? null, filter.limit, filter.offset)
    .all<Omit<AuditRow, 'details'> & { details: string }>();
  return results.map((row) => ({ ...row, details: parse(row.details) }));
}

export async function auditActions(db: D1Database): Promise<string[]> {
  const { results } = await db.prepare('SELECT DISTINCT action FROM audit_log ORDER BY action').all<{ action: string }>();
  return [...results.map((row) => row.action), ...REVIEW_ACTIONS];
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
