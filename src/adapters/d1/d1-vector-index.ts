import type { IndexMatch, IndexQuery, KnowledgeIndex } from '../../domain/knowledge/ports';
import { decodeVector, placeholders } from './chunk-rows';

/**
 * Semantic search over embeddings stored in D1, by brute-force cosine
 * similarity. It stands in for Vectorize in local development, where
 * Vectorize has no simulation; it reads every visible embedding per query, so
 * it suits small knowledge bases only.
 */
export class D1VectorIndex implements KnowledgeIndex {
  readonly kind = 'semantic' as const;

  constructor(private readonly db: D1Database) {}

  async search(query: IndexQuery): Promise<IndexMatch[]> {
    if (!query.vector || query.audiences.length === 0) return [];
    const target = normalize(Float32Array.from(query.vector));
    const { results } = await this.db
      .prepare(
        `SELECT id, embedding FROM chunks WHERE embedding IS NOT NULL AND audience IN (${placeholders(query.audiences.length)})`,
      )
      .bind(...query.audiences)
      .all<{ id: string; embedding: ArrayBuffer | number[] }>();
    return results
      .map((row) => ({ chunkId: row.id, score: cosine(target, decodeVector(row.embedding)) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, query.limit);
  }
}

function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return vector.map((value) => value * scale);
}

/** Cosine similarity with an already normalized target; mismatched lengths score 0. */
function cosine(target: Float32Array, vector: Float32Array): number {
  if (vector.length !== target.length) return 0;
  let dot = 0;
  let norm = 0;
  for (let index = 0; index < vector.length; index++) {
    dot += target[index]! * vector[index]!;
    norm += vector[index]! * vector[index]!;
  }
  return norm > 0 ? dot / Math.sqrt(norm) : 0;
}
