import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { D1DocumentStore } from '../../src/adapters/d1/d1-document-store';
import { D1LexicalIndex } from '../../src/adapters/d1/d1-lexical-index';
import { D1VectorIndex } from '../../src/adapters/d1/d1-vector-index';
import { VectorizeKnowledgeIndex } from '../../src/adapters/vectorize/vectorize-index';
import { KnowledgeBase } from '../../src/domain/knowledge/knowledge-base';
import type { KnowledgeIndex } from '../../src/domain/knowledge/ports';
import { searchKnowledge } from '../../src/domain/knowledge/search-knowledge';
import type { DocumentAudience } from '../../src/domain/knowledge/types';
import { HashedEmbedder } from '../support/hashed-embedder';
import { InMemoryVectorize } from '../support/in-memory-vectorize';
import { putDocument, search } from './admin-client';

// The canary is the best possible match for the query, so only the
// audience filter inside the index query can keep it from a public reader.
const CANARY = '# Roadmap\nPROJECT BLUEHERON launches in March. Internal only: do not share the blueheron codename.';
const PUBLIC_DOC = '# Launches\nProduct launches are announced on our blog.';
const QUERY = 'project blueheron launches codename';

const encoder = new TextEncoder();
const embedder = new HashedEmbedder();
const vectorize = new InMemoryVectorize({ dimensions: embedder.dimensions, metric: 'cosine', metadataIndexes: ['audience'] });

async function seed() {
  const store = new D1DocumentStore(env.DB);
  const knowledge = new KnowledgeBase({ store, extractPdf: async () => [], embedder, externalVectors: new VectorizeKnowledgeIndex(vectorize) });
  const put = (id: string, audience: DocumentAudience, text: string) =>
    knowledge.put({ id, audience, format: 'markdown', tags: [], bytes: encoder.encode(text) });
  await put('canary/roadmap.md', 'internal', CANARY);
  await put('public/launches.md', 'public', PUBLIC_DOC);
  return store;
}

describe('a public search never returns an internal chunk', () => {
  let store: D1DocumentStore;
  beforeAll(async () => {
    store = await seed();
  });

  const adapters: [string, () => KnowledgeIndex][] = [
    ['D1 FTS5 (lexical)', () => new D1LexicalIndex(env.DB)],
    ['D1 vectors (local semantic)', () => new D1VectorIndex(env.DB)],
    ['Vectorize (production semantic)', () => new VectorizeKnowledgeIndex(vectorize)],
  ];

  for (const [name, makeIndex] of adapters) {
    it(`${name}: filtered inside the query, with limit 1`, async () => {
      const index = makeIndex();
      const [vector] = await embedder.embed([QUERY]);
      const internalView = await index.search({ text: QUERY, vector, audiences: ['internal', 'public'], limit: 1 });
      const internalChunks = await store.getChunks(internalView.map((match) => match.chunkId));
      // Sanity: for an employee the canary is the top match, so the public test below means something.
      expect([...internalChunks.values()][0]?.documentId).toBe('canary/roadmap.md');

      const publicView = await index.search({ text: QUERY, vector, audiences: ['public'], limit: 1 });
      const publicChunks = await store.getChunks(publicView.map((match) => match.chunkId));
      expect(publicView.length).toBe(1);
      expect([...publicChunks.values()].map((chunk) => chunk.audience)).toEqual(['public']);
    });
  }

  it('hybrid search (lexical + semantic fused) keeps the canary from a public reader', async () => {
    const deps = { store, lexical: new D1LexicalIndex(env.DB), semantic: new D1VectorIndex(env.DB), embedder };
    const employee = await searchKnowledge(deps, { text: QUERY, audience: 'internal', k: 5 });
    expect(employee.mode).toBe('hybrid');
    expect(employee.hits[0]?.chunk.documentId).toBe('canary/roadmap.md');
    const customer = await searchKnowledge(deps, { text: QUERY, audience: 'public', k: 5 });
    expect(customer.hits.length).toBeGreaterThan(0);
    expect(customer.hits.every((hit) => hit.chunk.audience === 'public')).toBe(true);
  });
});

describe('GET /admin/search scoping through the front door', () => {
  it('finds the canary for employees only', async () => {
    expect((await putDocument({ id: 'canary.md', audience: 'internal', format: 'markdown', content: CANARY })).status).toBeLessThan(300);
    expect((await search('blueheron', 'internal')).hits.map((hit) => hit.documentId)).toContain('canary.md');
    const publicHits = (await search('blueheron', 'public')).hits;
    expect(publicHits.filter((hit) => hit.audience !== 'public')).toEqual([]);
    expect(publicHits.map((hit) => hit.documentId)).not.toContain('canary.md');
  });
});
