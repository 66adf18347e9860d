import { type AuditEntryRow, type AuditReadModel, type AuditRow, REVIEW_ACTIONS } from '../../application/console-read-models';

/** The audit log as the console and the admin API read it (D1AuditLog appends for the domain). */
export class D1AuditReads implements AuditReadModel {
  constructor(private readonly db: D1Database) {}

  listMerged(filter: { action?: string; actor?: string; limit: number; offset: number }): Promise<AuditRow[]> {
    return listAudit(this.db, filter);
  }

  actions(): Promise<string[]> {
    return auditActions(this.db);
  }

  async entries(action: string | null): Promise<AuditEntryRow[]> {
    const { results } = await this.db
      .prepare('SELECT * FROM audit_log WHERE (?1 IS NULL OR action = ?1) ORDER BY id DESC LIMIT 200')
      .bind(action)
      .all<Omit<AuditEntryRow, 'details'> & { details: string }>();
    return results.map((row) => ({ ...row, details: JSON.parse(row.details) as unknown }));
  }

  async appendReturningId(entry: Omit<AuditEntryRow, 'id'>): Promise<number> {
    const row = await this.db
      .prepare('INSERT INTO audit_log (at, actor, action, subject, comment, details) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
      .bind(entry.at, entry.actor, entry.action, entry.subject, entry.comment, JSON.stringify(entry.details))
      .first<{ id: number }>();
    return row!.id;
  }
}

/**
 * The audit log as the console shows it: the append-only audit_log (sign-ins,
 * stage changes, knowledge changes, model promotions) merged with staff
 * decisions on reviews, which the reviews table already records with who and
 * when (from Slack and the console alike), so they are not written twice.
 */
async function listAudit(db: D1Database, filter: { action?: string; actor?: string; limit: number; offset: number }): Promise<AuditRow[]> {
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

async function auditActions(db: D1Database): Promise<string[]> {
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
