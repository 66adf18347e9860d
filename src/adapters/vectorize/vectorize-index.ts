import type { ExternalVectorIndex, IndexMatch, IndexQuery, VectorEntry } from '../../domain/knowledge/ports';

/** Vectorize's documented limits for Workers bindings. */
const MAX_UPSERT_BATCH = 1000;
/** topK cap when neither values nor full metadata are returned. */
const MAX_TOP_K = 100;
const MAX_DELETE_BATCH = 1000;

/**
 * Production semantic index. Only ids and the `audience` metadata are stored
 * in Vectorize (text stays in D1), and queries filter on `audience`, which
 * needs a metadata index: `wrangler vectorize create-metadata-index
 * countersign-knowledge --property-name audience --type string`.
 */
export class VectorizeKnowledgeIndex implements ExternalVectorIndex {
  readonly kind = 'semantic' as const;

  constructor(private readonly index: VectorizeIndex) {}

  async upsert(entries: VectorEntry[]): Promise<void> {
    for (let start = 0; start < entries.length; start += MAX_UPSERT_BATCH) {
      await this.index.upsert(
        entries.slice(start, start + MAX_UPSERT_BATCH).map((entry) => ({
          id: entry.id,
          values: entry.vector,
          metadata: { audience: entry.audience, documentId: entry.documentId.slice(0, 512) },
        })),
      );
    }
  }

  async deleteByIds(ids: string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += MAX_DELETE_BATCH) {
      await this.index.deleteByIds(ids.slice(start, start + MAX_DELETE_BATCH));
    }
  }

  async search(query: IndexQuery): Promise<IndexMatch[]> {
    if (!query.vector || query.audiences.length === 0) return [];
    // The filter is applied by Vectorize before topK, never after.
    const result = await this.index.query(query.vector, {
      topK: Math.min(query.limit, MAX_TOP_K),
      filter: { audience: { $in: query.audiences } },
      returnMetadata: 'none',
      returnValues: false,
    });
    return result.matches.map((match) => ({ chunkId: match.id, score: match.score }));
  }
}
