import type { AuditEntry, AuditLog } from '../../domain/rollout/types';

export class D1AuditLog implements AuditLog {
  constructor(private readonly db: D1Database) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db
      .prepare('INSERT INTO audit_log (at, actor, action, subject, comment, details) VALUES (?, ?, ?, ?, ?, ?)')
      .bind(entry.at, entry.actor, entry.action, entry.subject, entry.comment, JSON.stringify(entry.details))
      .run();
  }
}
