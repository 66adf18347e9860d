import type { IndexMatch, IndexQuery, KnowledgeIndex } from '../../domain/knowledge/ports';
import { ftsMatchExpression } from '../../domain/knowledge/fts-query';
import { CHUNK_COLUMNS, type ChunkRow, chunkFromRow } from './chunk-rows';

/**
 * BM25 over the FTS5 table. Column weights favour titles and headings: a
 * question's topic words usually name a section ("parking", "refunds") more
 * reliably than they recur in its body. Weights were chosen on the retrieval
 * benchmark (bench/retrieval.ts).
 */
export const BM25_WEIGHTS = { title: 2.0, headingPath: 3.0, body: 1.0 };

export class D1LexicalIndex implements KnowledgeIndex {
  readonly kind = 'lexical' as const;

  constructor(
    private readonly db: D1Database,
    private readonly weights = BM25_WEIGHTS,
  ) {}

  async search(query: IndexQuery): Promise<IndexMatch[]> {
    const match = ftsMatchExpression(query.text, query.audiences);
    if (!match) return [];
    // Rank inside FTS5 first (the audience filter is part of MATCH), then join
    // only the top rows: joining every match before sorting is what gets slow.
    const { results } = await this.db
      .prepare(
        `WITH top AS (
           SELECT rowid, bm25(chunks_fts, ?, ?, ?, 0.0) AS rank
           FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?
         )
         SELECT ${CHUNK_COLUMNS}, top.rank AS rank
         FROM top
         JOIN chunks c ON c.seq = top.rowid
         JOIN documents d ON d.id = c.document_id
         ORDER BY top.rank`,
      )
      .bind(this.weights.title, this.weights.headingPath, this.weights.body, match, query.limit)
      .all<ChunkRow & { rank: number }>();
    // bm25() is lower-is-better; negate so every index reports higher-is-better.
    return results.map((row) => ({ chunkId: row.id, score: -row.rank, chunk: chunkFromRow(row) }));
  }
}
