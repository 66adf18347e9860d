import type { Embedder, IndexMatch, KnowledgeIndex, DocumentStore, StoredChunk } from './ports';
import { reciprocalRankFusion } from './rank-fusion';
import { type DocumentAudience, type ReaderAudience, type SearchHit, visibleAudiences } from './types';

export interface SearchRequest {
  text: string;
  audience: ReaderAudience;
  k: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** `lexical` when no embeddings are configured or the embedder failed. */
  mode: 'lexical' | 'hybrid';
  /** Why the mode is what it is, for the debug endpoint and the draft's reasons. */
  notes: string[];
}

export interface SearchDependencies {
  store: DocumentStore;
  lexical: KnowledgeIndex;
  semantic: KnowledgeIndex | null;
  embedder: Embedder | null;
}

/** Candidates taken from each retriever before fusion. */
const CANDIDATES = 50;

/**
 * Lexical search always; semantic search too when an embedder is configured,
 * fused by reciprocal rank. The audience filter is passed into every index
 * query, so a customer's search cannot return an internal chunk even when it
 * is the best match.
 */
export async function searchKnowledge(deps: SearchDependencies, request: SearchRequest): Promise<SearchResult> {
  const audiences = visibleAudiences(request.audience);
  const limit = Math.max(request.k, CANDIDATES);
  const notes: string[] = [];
  const lexicalSearch = deps.lexical.search({ text: request.text, audiences, limit });

  let semanticMatches: IndexMatch[] | null = null;
  if (deps.semantic && deps.embedder) {
    try {
      const [vector] = await deps.embedder.embed([request.text]);
      semanticMatches = await deps.semantic.search({ text: request.text, vector, audiences, limit });
    } catch (error) {
      notes.push(`semantic search unavailable (${error instanceof Error ? error.name : 'error'}); lexical only`);
    }
  } else {
    notes.push('no embeddings configured; lexical only');
  }
  const lexicalMatches = await lexicalSearch;

  if (!semanticMatches) {
    const hits = await hydrate(deps.store, audiences, lexicalMatches.slice(0, request.k), (match, index) => ({
      score: match.score,
      ranks: { lexical: index + 1 },
    }));
    return { hits, mode: 'lexical', notes };
  }

  const fused = reciprocalRankFusion([
    { name: 'lexical', ids: lexicalMatches.map((match) => match.chunkId) },
    { name: 'semantic', ids: semanticMatches.map((match) => match.chunkId) },
  ]);
  const known = new Map([...semanticMatches, ...lexicalMatches].map((match) => [match.chunkId, match]));
  // Over-fetch: vectors of deleted chunks may linger in an external index and are dropped by hydration.
  const top = fused.slice(0, request.k * 2).map((item) => ({ ...known.get(item.id)!, fused: item }));
  const hits = await hydrate(deps.store, audiences, top, (match) => ({ score: match.fused.score, ranks: match.fused.ranks }));
  return { hits: hits.slice(0, request.k), mode: 'hybrid', notes };
}

async function hydrate<M extends IndexMatch>(
  store: DocumentStore,
  audiences: DocumentAudience[],
  matches: M[],
  describe: (match: M, index: number) => Pick<SearchHit, 'score' | 'ranks'>,
): Promise<SearchHit[]> {
  const missing = matches.filter((match) => !match.chunk).map((match) => match.chunkId);
  const loaded = missing.length > 0 ? await store.getChunks(missing) : new Map<string, StoredChunk>();
  const hits: SearchHit[] = [];
  matches.forEach((match, index) => {
    const chunk = match.chunk ?? loaded.get(match.chunkId);
    // The index already filtered by audience; checking again costs nothing and
    // keeps a misconfigured index from ever leaking an internal passage.
    if (!chunk || !audiences.includes(chunk.audience)) return;
    const { url, ...rest } = chunk;
    hits.push({ chunk: rest, url, ...describe(match, index) });
  });
  return hits;
}
