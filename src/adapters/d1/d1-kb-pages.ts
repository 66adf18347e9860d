import { HEADING_SEPARATOR } from './chunk-rows';

export interface KbPage {
  title: string;
  /** The document's chunks in order: each with its heading path from the title down. */
  chunks: { headingPath: string[]; text: string }[];
}

/**
 * A public document as its read-only /kb page shows it, or null when it does
 * not exist or is internal (the same null: the page never tells whether a
 * document it may not show exists).
 */
export async function readPublicKbPage(db: D1Database, id: string): Promise<KbPage | null> {
  const document = await db.prepare("SELECT title FROM documents WHERE id = ? AND audience = 'public'").bind(id).first<{ title: string }>();
  if (!document) return null;
  // Chunks carry their own audience: checked too, so internal text never reaches this public page even if the two disagree.
  const { results } = await db.prepare("SELECT heading_path, body FROM chunks WHERE document_id = ? AND audience = 'public' ORDER BY ordinal").bind(id).all<{ heading_path: string; body: string }>();
  return { title: document.title, chunks: results.map((row) => ({ headingPath: row.heading_path.split(HEADING_SEPARATOR), text: row.body })) };
}
