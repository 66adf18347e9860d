import type { PageMemory } from '../../domain/knowledge/crawl/site-crawl';
import type { KnowledgeSource, NewSource, SourceCrawl, SourceRun, SourceStore } from '../../domain/knowledge/sources/types';
import type { DocumentAudience } from '../../domain/knowledge/types';

interface SourceRow {
  id: string;
  kind: 'sitemap';
  url: string;
  audience: DocumentAudience;
  id_prefix: string;
  every_hours: number;
  created_at: string;
  created_by: string;
  next_run_at: string;
  crawl_state: string | null;
}

interface RunRow {
  source_id: string;
  started_at: string;
  finished_at: string;
  fetched: number;
  changed: number;
  unchanged: number;
  failed: number;
  removed: number;
  cycle_done: number;
  error: string | null;
  failures: string;
}

const COLUMNS = 'id, kind, url, audience, id_prefix, every_hours, created_at, created_by, next_run_at, crawl_state';

export class D1SourceStore implements SourceStore {
  constructor(private readonly db: D1Database) {}

  async list(): Promise<KnowledgeSource[]> {
    const { results } = await this.db.prepare(`SELECT ${COLUMNS} FROM knowledge_sources ORDER BY created_at, id`).all<SourceRow>();
    return results.map(toSource);
  }

  /**
   * Null when a source on the same site with the same id prefix exists: a
   * source prunes the pages under its prefix and site that its crawl did not
   * see, so two such sources (or one URL twice) would delete each other's pages.
   */
  async create(source: NewSource, id: string, now: Date): Promise<KnowledgeSource | null> {
    const at = now.toISOString();
    const site = `${new URL(source.url).origin}/`;
    const row = await this.db
      .prepare(
        `INSERT INTO knowledge_sources (id, kind, url, audience, id_prefix, every_hours, created_at, created_by, next_run_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
         WHERE NOT EXISTS (SELECT 1 FROM knowledge_sources WHERE id_prefix = ?5 AND substr(url, 1, length(?10)) = ?10)
         ON CONFLICT (id_prefix, url) DO NOTHING RETURNING ${COLUMNS}`,
      )
      .bind(id, source.kind, source.url, source.audience, source.idPrefix, source.everyHours, at, source.createdBy, at, site)
      .first<SourceRow>();
    return row ? toSource(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    const [removed] = await this.db.batch([
      this.db.prepare('DELETE FROM knowledge_sources WHERE id = ?').bind(id),
      this.db.prepare('DELETE FROM knowledge_source_pages WHERE source_id = ?').bind(id),
      this.db.prepare('DELETE FROM knowledge_source_runs WHERE source_id = ?').bind(id),
    ]);
    return (removed?.meta.changes ?? 0) > 0;
  }

  async claimDue(now: Date, leaseMs: number): Promise<KnowledgeSource | null> {
    const at = now.toISOString();
    // One statement: two overlapping runs can never lease the same source.
    const row = await this.db
      .prepare(
        `UPDATE knowledge_sources SET lease_until = ?
         WHERE id = (SELECT id FROM knowledge_sources WHERE next_run_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_run_at LIMIT 1)
         RETURNING ${COLUMNS}`,
      )
      .bind(new Date(now.getTime() + leaseMs).toISOString(), at, at)
      .first<SourceRow>();
    return row ? toSource(row) : null;
  }

  async release(id: string, crawl: SourceCrawl | null, nextRunAt: string): Promise<void> {
    await this.db
      .prepare('UPDATE knowledge_sources SET crawl_state = ?, next_run_at = ?, lease_until = NULL WHERE id = ?')
      .bind(crawl ? JSON.stringify(crawl) : null, nextRunAt, id)
      .run();
  }

  async memory(sourceId: string, url: string): Promise<PageMemory | null> {
    const row = await this.db
      .prepare('SELECT etag, last_modified FROM knowledge_source_pages WHERE source_id = ? AND url = ?')
      .bind(sourceId, url)
      .first<{ etag: string | null; last_modified: string | null }>();
    return row ? { etag: row.etag, lastModified: row.last_modified } : null;
  }

  async remember(sourceId: string, url: string, memory: PageMemory | null): Promise<void> {
    if (!memory) {
      await this.db.prepare('DELETE FROM knowledge_source_pages WHERE source_id = ? AND url = ?').bind(sourceId, url).run();
      return;
    }
    await this.db
      .prepare(
        `INSERT INTO knowledge_source_pages (source_id, url, etag, last_modified) VALUES (?, ?, ?, ?)
         ON CONFLICT (source_id, url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified`,
      )
      .bind(sourceId, url, memory.etag, memory.lastModified)
      .run();
  }

  async recordRun(run: SourceRun): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO knowledge_source_runs (source_id, started_at, finished_at, fetched, changed, unchanged, failed, removed, cycle_done, error, failures)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(run.sourceId, run.startedAt, run.finishedAt, run.fetched, run.changed, run.unchanged, run.failed, run.removed, run.cycleDone ? 1 : 0, run.error, JSON.stringify(run.failures))
      .run();
  }

  async recentRuns(sourceId: string, limit: number): Promise<SourceRun[]> {
    const { results } = await this.db
      .prepare('SELECT * FROM knowledge_source_runs WHERE source_id = ? ORDER BY id DESC LIMIT ?')
      .bind(sourceId, limit)
      .all<RunRow>();
    return results.map((row) => ({
      sourceId: row.source_id,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      fetched: row.fetched,
      changed: row.changed,
      unchanged: row.unchanged,
      failed: row.failed,
      removed: row.removed,
      cycleDone: row.cycle_done === 1,
      error: row.error,
      failures: JSON.parse(row.failures) as SourceRun['failures'],
    }));
  }
}

function toSource(row: SourceRow): KnowledgeSource {
  return {
    id: row.id,
    kind: row.kind,
    url: row.url,
    audience: row.audience,
    idPrefix: row.id_prefix,
    everyHours: row.every_hours,
    createdAt: row.created_at,
    createdBy: row.created_by,
    nextRunAt: row.next_run_at,
    crawl: row.crawl_state ? (JSON.parse(row.crawl_state) as SourceCrawl) : null,
  };
}
