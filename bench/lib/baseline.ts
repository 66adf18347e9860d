import MiniSearch from 'minisearch';
import type { Chunk } from '../../src/domain/knowledge/types';
import type { RankedPassage } from './metrics';

/**
 * The comparison point: MiniSearch with its default settings (BM25-family
 * scoring, no stemming, no stop words, OR of terms) over exactly the same
 * chunks and the same indexed text (title, heading path, body) as ours.
 */
export class BaselineIndex {
  private readonly search: MiniSearch<{ id: string; text: string }>;
  private readonly chunks = new Map<string, Chunk>();

  constructor(chunks: Chunk[]) {
    this.search = new MiniSearch({ fields: ['text'], idField: 'id' });
    for (const chunk of chunks) this.chunks.set(chunk.id, chunk);
    this.search.addAll(chunks.map((chunk) => ({ id: chunk.id, text: `${chunk.headingPath.join(' ')}\n${chunk.text}` })));
  }

  query(text: string, k: number): RankedPassage[] {
    return this.search
      .search(text)
      .slice(0, k)
      .map((result) => {
        const chunk = this.chunks.get(result.id as string)!;
        return { documentId: chunk.documentId, headingPath: chunk.headingPath, score: result.score };
      });
  }
}
