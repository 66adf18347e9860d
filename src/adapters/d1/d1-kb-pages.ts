import type { DocumentAudience } from '../../domain/knowledge/types';
import { HEADING_SEPARATOR, placeholders } from './chunk-rows';

export interface KbPage {
  title: string;
  /** The document's chunks in order: each with its heading path from the title down. */
  chunks: { headingPath: string[]; text: string }[];
}

/**
 * A document as its read-only /kb page shows it, or null when it does not
 * exist or is not for these audiences (the same null: a page never tells
 * whether a document it may not show exists).
 */
export async function readKbPage(db: D1Database, id: string, audiences: DocumentAudience[]): Promise<KbPage | null> {
  const document = await db
    .prepare(`SELECT title FROM documents WHERE id = ? AND audience IN (${placeholders(audiences.length)})`)
    .bind(id, ...audiences)
    .first<{ title: string }>();
  if (!document) return null;
  const { results } = await db.prepare('SELECT heading_path, body FROM chunks WHERE document_id = ? ORDER BY ordinal').bind(id).all<{ heading_path: string; body: string }>();
  return { ...document, chunks: results.map((row) => ({ headingPath: row.heading_path.split(HEADING_SEPARATOR), text: row.body })) };
}
