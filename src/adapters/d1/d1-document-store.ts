import type { ChunkToStore, DocumentStore, StoredChunk } from '../../domain/knowledge/ports';
import { vocabularyOf } from '../../domain/knowledge/spelling';
import type { KnowledgeDocument } from '../../domain/knowledge/types';
import { CHUNK_COLUMNS, type ChunkRow, chunkFromRow, encodeVector, HEADING_SEPARATOR, placeholders } from './chunk-rows';

interface DocumentRow {
  id: string;
  title: string;
  url: string | null;
  audience: KnowledgeDocument['audience'];
  tags: string;
  format: KnowledgeDocument['format'];
  content_hash: string;
  chunk_count: number;
  bytes: number;
  updated_at: string;
}

const DOCUMENT_COLUMNS = 'id, title, url, audience, tags, format, content_hash, chunk_count, bytes, updated_at';

/** Leaves headroom under D1's 100 bound parameters per statement. */
const IDS_PER_QUERY = 90;

/** Documents and chunks in D1; the FTS5 rows follow the chunks by trigger. */
export class D1DocumentStore implements DocumentStore {
  constructor(private readonly db: D1Database) {}

  async get(id: string): Promise<KnowledgeDocument | null> {
    const row = await this.db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`).bind(id).first<DocumentRow>();
    return row ? documentFromRow(row) : null;
  }

  async list(): Promise<KnowledgeDocument[]> {
    const { results } = await this.db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents ORDER BY id`).all<DocumentRow>();
    return results.map(documentFromRow);
  }

  async replace(document: KnowledgeDocument, chunks: ChunkToStore[]): Promise<{ previousChunkIds: string[] }> {
    // A D1 batch is one transaction: either every statement applies or none does.
    const statements = [
      this.db
        .prepare(
          `INSERT INTO documents (${DOCUMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url, audience = excluded.audience,
             tags = excluded.tags, format = excluded.format, content_hash = excluded.content_hash,
             chunk_count = excluded.chunk_count, bytes = excluded.bytes, updated_at = excluded.updated_at`,
        )
        .bind(
          document.id,
          document.title,
          document.url,
          document.audience,
          JSON.stringify(document.tags),
          document.format,
          document.contentHash,
          document.chunkCount,
          document.bytes,
          document.updatedAt,
        ),
      this.db.prepare('DELETE FROM chunks WHERE document_id = ? RETURNING id').bind(document.id),
      this.db.prepare('DELETE FROM terms WHERE document_id = ?').bind(document.id),
      // One statement for the whole vocabulary: json_each turns the array into rows.
      this.db
        .prepare('INSERT OR IGNORE INTO terms (term, document_id, audience) SELECT value, ?, ? FROM json_each(?)')
        .bind(document.id, document.audience, JSON.stringify(vocabularyOf(chunks.flatMap((chunk) => [...chunk.headingPath, chunk.text])))),
      ...chunks.map((chunk) =>
        this.db
          .prepare(
            `INSERT INTO chunks (id, document_id, ordinal, audience, title, heading_path, sections, body, token_count, embedding)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .bind(
            chunk.id,
            chunk.documentId,
            chunk.ordinal,
            chunk.audience,
            chunk.title,
            chunk.headingPath.join(HEADING_SEPARATOR),
            // The title has its own FTS column; counting it again here would
            // give every section of a document the same heading score.
            chunk.headingPath.slice(1).join(HEADING_SEPARATOR),
            chunk.text,
            chunk.tokenCount,
            chunk.embedding ? encodeVector(chunk.embedding) : null,
          ),
      ),
    ];
    const results = await this.db.batch<{ id: string }>(statements);
    return { previousChunkIds: (results[1]?.results ?? []).map((row) => row.id) };
  }

  async delete(id: string): Promise<{ chunkIds: string[] } | null> {
    const [chunks, , documents] = await this.db.batch<{ id: string }>([
      this.db.prepare('DELETE FROM chunks WHERE document_id = ? RETURNING id').bind(id),
      this.db.prepare('DELETE FROM terms WHERE document_id = ?').bind(id),
      this.db.prepare('DELETE FROM documents WHERE id = ? RETURNING id').bind(id),
    ]);
    if ((documents?.results.length ?? 0) === 0) return null;
    return { chunkIds: (chunks?.results ?? []).map((row) => row.id) };
  }

  async getChunks(ids: string[]): Promise<Map<string, StoredChunk>> {
    const found = new Map<string, StoredChunk>();
    for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
      const slice = ids.slice(start, start + IDS_PER_QUERY);
      const { results } = await this.db
        .prepare(
          `SELECT ${CHUNK_COLUMNS} FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id IN (${placeholders(slice.length)})`,
        )
        .bind(...slice)
        .all<ChunkRow>();
      for (const row of results) found.set(row.id, chunkFromRow(row));
    }
    return found;
  }
}

function documentFromRow(row: DocumentRow): KnowledgeDocument {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    audience: row.audience,
    tags: JSON.parse(row.tags) as string[],
    format: row.format,
    contentHash: row.content_hash,
    chunkCount: row.chunk_count,
    bytes: row.bytes,
    updatedAt: row.updated_at,
  };
}
