import { sha256Hex } from '../../domain/knowledge/hash';

/** A console session as stored: who, with what role, opened how, and its CSRF secret. */
export interface ConsoleSessionRecord {
  /** The random id the cookie carries; only its SHA-256 is stored. */
  id: string;
  actor: string;
  role: 'admin' | 'reviewer';
  via: 'token' | 'access';
  /** Keyed hash of the token that opened it, or "access". */
  credential: string;
  csrf: string;
  /** Unix seconds. */
  expiresAt: number;
}

export type RevokeReason = 'signed-out' | 'signed-out-everyone' | 'token-rotated';

/** An active session as the sessions page lists it (no id, no CSRF secret). */
export interface ActiveConsoleSession {
  actor: string;
  role: 'admin' | 'reviewer';
  via: 'token' | 'access';
  createdAt: string;
  expiresAt: string;
}

interface SessionRow {
  actor: string;
  role: 'admin' | 'reviewer';
  via: 'token' | 'access';
  credential: string;
  csrf: string;
  expires_at: string;
}

/**
 * Console sessions in D1. A session holds while its row exists, is not
 * revoked and has not expired; revoking is one UPDATE, so signing out (or
 * signing everyone out) takes effect on the very next request in every
 * isolate. Ids are stored hashed: reading the table does not let anyone
 * present a session.
 */
export class D1ConsoleSessions {
  constructor(private readonly db: D1Database) {}

  async create(session: ConsoleSessionRecord, now: Date): Promise<void> {
    await this.db
      .prepare('INSERT INTO console_sessions (id_hash, actor, role, via, credential, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .bind(await hashId(session.id), session.actor, session.role, session.via, session.credential, session.csrf, now.toISOString(), new Date(session.expiresAt * 1000).toISOString())
      .run();
  }

  /** The session with this id, or null when there is none, it was revoked, or it has expired. */
  async find(id: string, now: Date): Promise<ConsoleSessionRecord | null> {
    const row = await this.db
      .prepare('SELECT actor, role, via, credential, csrf, expires_at FROM console_sessions WHERE id_hash = ? AND revoked_at IS NULL AND expires_at > ?')
      .bind(await hashId(id), now.toISOString())
      .first<SessionRow>();
    if (!row) return null;
    return { id, actor: row.actor, role: row.role, via: row.via, credential: row.credential, csrf: row.csrf, expiresAt: Math.floor(Date.parse(row.expires_at) / 1000) };
  }

  /** Ends one session; false when it had already ended. */
  async revoke(id: string, reason: RevokeReason, now: Date): Promise<boolean> {
    const result = await this.db
      .prepare('UPDATE console_sessions SET revoked_at = ?, revoked_reason = ? WHERE id_hash = ? AND revoked_at IS NULL')
      .bind(now.toISOString(), reason, await hashId(id))
      .run();
    return (result.meta.changes ?? 0) > 0;
  }

  /** Ends every session still open; returns how many. */
  async revokeAll(reason: RevokeReason, now: Date): Promise<number> {
    const result = await this.db
      .prepare('UPDATE console_sessions SET revoked_at = ?, revoked_reason = ? WHERE revoked_at IS NULL AND expires_at > ?')
      .bind(now.toISOString(), reason, now.toISOString())
      .run();
    return result.meta.changes ?? 0;
  }

  async listActive(now: Date, limit = 200): Promise<ActiveConsoleSession[]> {
    const { results } = await this.db
      .prepare('SELECT actor, role, via, created_at, expires_at FROM console_sessions WHERE revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC LIMIT ?')
      .bind(now.toISOString(), limit)
      .all<{ actor: string; role: 'admin' | 'reviewer'; via: 'token' | 'access'; created_at: string; expires_at: string }>();
    return results.map((row) => ({ actor: row.actor, role: row.role, via: row.via, createdAt: row.created_at, expiresAt: row.expires_at }));
  }

  /** Nightly clean-up: sessions past their expiry, revoked or not, are of no more use. */
  async prune(now: Date): Promise<number> {
    const result = await this.db.prepare('DELETE FROM console_sessions WHERE expires_at <= ?').bind(now.toISOString()).run();
    return result.meta.changes ?? 0;
  }
}

const hashId = (id: string) => sha256Hex(`console-session:${id}`);
