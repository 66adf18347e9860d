import { describe, expect, it } from 'vitest';
import type { DocumentStore, Embedder, IndexMatch, IndexQuery, KnowledgeIndex, StoredChunk } from './ports';
import { type SearchDependencies, searchKnowledge } from './search-knowledge';
import type { DocumentAudience } from './types';

function chunk(id: string, audience: DocumentAudience = 'public'): StoredChunk {
  return { id, documentId: `${id}.md`, ordinal: 0, audience, title: id, headingPath: [id], text: `text of ${id}`, tokenCount: 3, url: `https://docs.example.com/${id}` };
}

/** A KnowledgeIndex that returns fixed matches (ignoring the audience filter, like a misconfigured index would). */
class FakeIndex implements KnowledgeIndex {
  queries: IndexQuery[] = [];
  constructor(
    readonly kind: 'lexical' | 'semantic',
    private readonly matches: IndexMatch[] | Error,
  ) {}
  async search(query: IndexQuery) {
    this.queries.push(query);
    if (this.matches instanceof Error) throw this.matches;
    return this.matches;
  }
}

/** Only getChunks is used by search; it records which ids were asked for. */
function fakeStore(chunks: StoredChunk[]) {
  const requested: string[][] = [];
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const store: DocumentStore = {
    get: async () => null,
    list: async () => [],
    replace: async () => ({ previousChunkIds: [] }),
    delete: async () => null,
    getChunks: async (ids) => {
      requested.push(ids);
      return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : [])));
    },
  };
  return { store, requested };
}

function fakeEmbedder(result: number[][] | Error = [[0.1, 0.2]]) {
  const calls: string[][] = [];
  const embedder: Embedder = {
    model: 'fake',
    embed: async (texts) => {
      calls.push(texts);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return { embedder, calls };
}

function withoutUrl(stored: StoredChunk): Omit<StoredChunk, 'url'> {
  const { url: _url, ...rest } = stored;
  return rest;
}

const byScore = (ids: string[]): IndexMatch[] => ids.map((chunkId, i) => ({ chunkId, score: 10 - i }));
const ids = (result: { hits: { chunk: { id: string } }[] }) => result.hits.map((hit) => hit.chunk.id);

describe('searchKnowledge: lexical only', () => {
  it('searches lexically and says why when no embedder is configured', async () => {
    const { store } = fakeStore([chunk('a'), chunk('b')]);
    const lexical = new FakeIndex('lexical', byScore(['a', 'b']));
    const result = await searchKnowledge({ store, lexical, semantic: new FakeIndex('semantic', []), embedder: null }, { text: 'vacation days', audience: 'public', k: 5 });
    expect(result.mode).toBe('lexical');
    expect(result.notes).toEqual(['no embeddings configured; lexical only']);
    expect(result.hits).toEqual([
      { chunk: withoutUrl(chunk('a')), url: 'https://docs.example.com/a', score: 10, ranks: { lexical: 1 } },
      { chunk: withoutUrl(chunk('b')), url: 'https://docs.example.com/b', score: 9, ranks: { lexical: 2 } },
    ]);
    expect('url' in result.hits[0]!.chunk).toBe(false);
  });

  it('does not call the embedder when there is no semantic index', async () => {
    const { store } = fakeStore([chunk('a')]);
    const { embedder, calls } = fakeEmbedder();
    const result = await searchKnowledge({ store, lexical: new FakeIndex('lexical', byScore(['a'])), semantic: null, embedder }, { text: 'q', audience: 'public', k: 3 });
    expect(result.mode).toBe('lexical');
    expect(calls).toEqual([]);
  });

  it('passes the reader\'s visible audiences and at least 50 candidates to the index', async () => {
    const { store } = fakeStore([]);
    const lexical = new FakeIndex('lexical', []);
    const deps: SearchDependencies = { store, lexical, semantic: null, embedder: null };
    await searchKnowledge(deps, { text: 'q1', audience: 'public', k: 5 });
    await searchKnowledge(deps, { text: 'q2', audience: 'internal', k: 80 });
    expect(lexical.queries).toEqual([
      { text: 'q1', audiences: ['public'], limit: 50 },
      { text: 'q2', audiences: ['internal', 'public'], limit: 80 },
    ]);
  });

  it('returns at most k hits', async () => {
    const { store } = fakeStore(['a', 'b', 'c'].map((id) => chunk(id)));
    const result = await searchKnowledge({ store, lexical: new FakeIndex('lexical', byScore(['a', 'b', 'c'])), semantic: null, embedder: null }, { text: 'q', audience: 'public', k: 2 });
    expect(ids(result)).toEqual(['a', 'b']);
  });

  it('loads only the chunks the index did not return, and drops chunks that no longer exist', async () => {
    const { store, requested } = fakeStore([chunk('stored')]);
    const matches: IndexMatch[] = [{ chunkId: 'inline', score: 3, chunk: chunk('inline') }, { chunkId: 'stored', score: 2 }, { chunkId: 'deleted', score: 1 }];
    const result = await searchKnowledge({ store, lexical: new FakeIndex('lexical', matches), semantic: null, embedder: null }, { text: 'q', audience: 'public', k: 5 });
    expect(requested).toEqual([['stored', 'deleted']]);
    expect(ids(result)).toEqual(['inline', 'stored']);
  });
});

describe('searchKnowledge: hybrid', () => {
  it('embeds the question, searches both indexes and fuses them by reciprocal rank', async () => {
    const { store } = fakeStore(['a', 'b', 'c', 'd'].map((id) => chunk(id)));
    const { embedder, calls } = fakeEmbedder([[0.5, 0.5]]);
    const semantic = new FakeIndex('semantic', byScore(['b', 'd']));
    const deps = { store, lexical: new FakeIndex('lexical', byScore(['a', 'b', 'c'])), semantic, embedder };
    const result = await searchKnowledge(deps, { text: 'how many vacation days', audience: 'internal', k: 10 });

    expect(calls).toEqual([['how many vacation days']]);
    expect(semantic.queries).toEqual([{ text: 'how many vacation days', vector: [0.5, 0.5], audiences: ['internal', 'public'], limit: 50 }]);
    expect(result.mode).toBe('hybrid');
    expect(result.notes).toEqual([]);
    expect(result.hits.map((hit) => [hit.chunk.id, hit.ranks])).toEqual([
      ['b', { lexical: 2, semantic: 1 }],
      ['a', { lexical: 1 }],
      ['d', { semantic: 2 }],
      ['c', { lexical: 3 }],
    ]);
    expect(result.hits[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(result.hits[3]!.score).toBeCloseTo(1 / 63, 12);
  });

  it('skips stale vectors whose chunks are gone and still fills k', async () => {
    const { store } = fakeStore(['x', 'y'].map((id) => chunk(id)));
    // Fused order: x and stale-1 (1/61 each), stale-2 (1/62), y (1/63): y is only reached by over-fetching.
    const semantic = new FakeIndex('semantic', byScore(['stale-1', 'stale-2', 'y']));
    const deps = { store, lexical: new FakeIndex('lexical', byScore(['x'])), semantic, embedder: fakeEmbedder().embedder };
    const result = await searchKnowledge(deps, { text: 'q', audience: 'public', k: 2 });
    expect(ids(result)).toEqual(['x', 'y']);
  });

  it.each([
    ['the embedder', { embed: new TypeError('fetch failed'), search: [] as IndexMatch[] }, 'TypeError'],
    ['the semantic index', { embed: [[1]], search: new RangeError('bad vector') }, 'RangeError'],
  ])('falls back to lexical search with a note when %s fails', async (_what, failure, name) => {
    const { store } = fakeStore([chunk('a')]);
    const deps = {
      store,
      lexical: new FakeIndex('lexical', byScore(['a'])),
      semantic: new FakeIndex('semantic', failure.search),
      embedder: fakeEmbedder(failure.embed).embedder,
    };
    const result = await searchKnowledge(deps, { text: 'q', audience: 'public', k: 5 });
    expect(result.mode).toBe('lexical');
    expect(result.notes).toEqual([`semantic search unavailable (${name}); lexical only`]);
    expect(result.hits.map((hit) => [hit.chunk.id, hit.ranks])).toEqual([['a', { lexical: 1 }]]);
  });
});

describe('searchKnowledge: audience', () => {
  const internalOnly = [chunk('secret', 'internal'), chunk('public-1'), chunk('secret-2', 'internal'), chunk('public-2')];

  it('never gives a public reader an internal chunk from a misbehaving lexical index', async () => {
    const { store } = fakeStore(internalOnly);
    const matches: IndexMatch[] = [{ chunkId: 'secret', score: 9, chunk: chunk('secret', 'internal') }, ...byScore(['public-1', 'secret-2', 'public-2'])];
    const result = await searchKnowledge({ store, lexical: new FakeIndex('lexical', matches), semantic: null, embedder: null }, { text: 'q', audience: 'public', k: 10 });
    expect(ids(result)).toEqual(['public-1', 'public-2']);
    expect(result.hits.every((hit) => hit.chunk.audience === 'public')).toBe(true);
  });

  it('never gives a public reader an internal chunk in hybrid search', async () => {
    const { store } = fakeStore(internalOnly);
    const deps = {
      store,
      lexical: new FakeIndex('lexical', byScore(['secret', 'public-1'])),
      semantic: new FakeIndex('semantic', [{ chunkId: 'secret-2', score: 1, chunk: chunk('secret-2', 'internal') }, ...byScore(['secret', 'public-2'])]),
      embedder: fakeEmbedder().embedder,
    };
    const result = await searchKnowledge(deps, { text: 'q', audience: 'public', k: 10 });
    expect(result.mode).toBe('hybrid');
    expect(ids(result)).toEqual(['public-1', 'public-2']);
  });

  it('gives an internal reader both internal and public chunks', async () => {
    const { store } = fakeStore(internalOnly);
    const result = await searchKnowledge(
      { store, lexical: new FakeIndex('lexical', byScore(['secret', 'public-1'])), semantic: null, embedder: null },
      { text: 'q', audience: 'internal', k: 10 },
    );
    expect(ids(result)).toEqual(['secret', 'public-1']);
  });
});
