import { ftsMatchForTerms, quote } from '../../domain/knowledge/fts-query';
import type { IndexMatch, IndexQuery, KnowledgeIndex } from '../../domain/knowledge/ports';
import type { TermStatistics } from '../../domain/answer/term-weights';
import { queryTerms } from '../../domain/knowledge/query-terms';
import { correctTerm, maxEditsFor } from '../../domain/knowledge/spelling';
import type { DocumentAudience } from '../../domain/knowledge/types';
import { CHUNK_COLUMNS, type ChunkRow, chunkFromRow, placeholders } from './chunk-rows';

/**
 * BM25 over the FTS5 table. Column weights favour section headings (4) and titles (2) over the body (1): a
 * question's topic words usually name a section ("parking", "refunds") more
 * reliably than they recur in its body. Measured on the retrieval benchmark
 * (bench/retrieval.ts); the ranking is not sensitive to the exact values.
 */
export const BM25_WEIGHTS = { title: 2.0, sections: 4.0, body: 1.0 };

export class D1LexicalIndex implements KnowledgeIndex {
  readonly kind = 'lexical' as const;

  constructor(
    private readonly db: D1Database,
    private readonly weights = BM25_WEIGHTS,
  ) {}

  async search(query: IndexQuery): Promise<IndexMatch[]> {
    const terms = await this.repairTypos(queryTerms(query.text), query.audiences);
    const match = ftsMatchForTerms(terms, query.audiences);
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
      .bind(this.weights.title, this.weights.sections, this.weights.body, match, query.limit)
      .all<ChunkRow & { rank: number }>();
    // bm25() is lower-is-better; negate so every index reports higher-is-better.
    return results.map((row) => ({ chunkId: row.id, score: -row.rank, chunk: chunkFromRow(row) }));
  }

  /**
   * How many passages the reader may see and how many contain each word (the
   * FTS5 porter stemmer matches inflections, as search does): the rarity
   * weights of the answer engine's features. One batch per question.
   */
  async termStatistics(words: string[], audiences: DocumentAudience[]): Promise<TermStatistics | null> {
    if (words.length === 0 || audiences.length === 0) return null;
    const audienceFilter = `audience : (${audiences.map(quote).join(' OR ')}) AND `;
    const [total, ...counts] = await this.db.batch<{ n: number }>([
      this.db.prepare(`SELECT count(*) AS n FROM chunks WHERE audience IN (${placeholders(audiences.length)})`).bind(...audiences),
      ...words.map((word) =>
        this.db.prepare('SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?').bind(`${audienceFilter}{title sections body} : ${quote(word)}`),
      ),
    ]);
    const passages = total?.results[0]?.n ?? 0;
    if (passages === 0) return null;
    return { passages, frequencies: Object.fromEntries(words.map((word, index) => [word, counts[index]?.results[0]?.n ?? 0])) };
  }

  /**
   * Words long enough to be typos and found in no passage the reader may see
   * are replaced by the nearest word of those passages' vocabulary (same
   * first two letters). Words the index knows, in any inflection, are kept.
   */
  private async repairTypos(terms: string[], audiences: DocumentAudience[]): Promise<string[]> {
    const suspects = terms.filter((term) => maxEditsFor(term) > 0);
    if (suspects.length === 0 || audiences.length === 0) return terms;
    const audienceFilter = `audience : (${audiences.map(quote).join(' OR ')}) AND `;
    const found = await this.db.batch<{ found: number }>(
      suspects.map((term) =>
        this.db
          .prepare('SELECT EXISTS (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ?) AS found')
          .bind(`${audienceFilter}{title sections body} : ${quote(term)}`),
      ),
    );
    const unknown = suspects.filter((_, index) => found[index]?.results[0]?.found === 0);
    if (unknown.length === 0) return terms;
    const corrections = new Map<string, string>();
    for (const word of unknown) {
      const prefix = word.slice(0, 2);
      const { results } = await this.db
        .prepare(
          `SELECT term, count(*) AS documents FROM terms
           WHERE term >= ? AND term < ? AND audience IN (${placeholders(audiences.length)}) GROUP BY term`,
        )
        .bind(prefix, `${prefix}\uffff`, ...audiences)
        .all<{ term: string; documents: number }>();
      const correction = correctTerm(word, results);
      if (correction) corrections.set(word, correction);
    }
    return terms.map((term) => corrections.get(term) ?? term);
  }
}
