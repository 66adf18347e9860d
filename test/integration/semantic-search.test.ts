import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { D1DocumentStore } from '../../src/adapters/d1/d1-document-store';
import { D1LexicalIndex } from '../../src/adapters/d1/d1-lexical-index';
import { D1VectorIndex } from '../../src/adapters/d1/d1-vector-index';
import { OpenAIEmbedder } from '../../src/adapters/openai/openai-embedder';
import { KnowledgeBase } from '../../src/domain/knowledge/knowledge-base';
import { searchKnowledge } from '../../src/domain/knowledge/search-knowledge';
import { recordedRequests, resetFake } from './fake-openai-control';

// The real OpenAI SDK inside workerd, asking the fake server for embeddings
// (base64, the SDK's default) at ingest and at search time.
const embedder = () => new OpenAIEmbedder({ apiKey: 'test-openai-key', baseURL: env.FAKE_OPENAI_URL, model: 'text-embedding-3-small', dimensions: 64 });
const store = () => new D1DocumentStore(env.DB);

beforeAll(async () => {
  const knowledge = new KnowledgeBase({ store: store(), extractPdf: async () => [], embedder: embedder(), externalVectors: null });
  const put = (id: string, text: string) => knowledge.put({ id, audience: 'public', format: 'markdown', tags: [], bytes: new TextEncoder().encode(text) });
  await put('bikes.md', '# Cycling\n## Bicycle storage\nBicycle racks and bicycle lockers are by the entrance.');
  await put('food.md', '# Food\n## Canteen\nThe canteen serves soup and salad.');
});
beforeEach(resetFake);

describe('hybrid search with an OpenAI-compatible embeddings endpoint', () => {
  it('stores embeddings at ingest, embeds the question, and fuses both retrievers', async () => {
    const vectors = await env.DB.prepare('SELECT count(*) AS n FROM chunks WHERE embedding IS NOT NULL AND length(embedding) = 256').first<{ n: number }>();
    expect(vectors?.n).toBe(2);

    const deps = { store: store(), lexical: new D1LexicalIndex(env.DB), semantic: new D1VectorIndex(env.DB), embedder: embedder() };
    const result = await searchKnowledge(deps, { text: 'bicycle lockers', audience: 'public', k: 2 });
    expect(result.mode).toBe('hybrid');
    expect(result.hits[0]?.chunk.documentId).toBe('bikes.md');
    expect(result.hits[0]?.ranks).toEqual({ lexical: 1, semantic: 1 });

    const [request] = await recordedRequests();
    expect(request?.path).toBe('/v1/embeddings');
    expect(request?.body).toMatchObject({ model: 'text-embedding-3-small', input: ['bicycle lockers'], encoding_format: 'base64', dimensions: 64 });
  });

  it('falls back to lexical search, and says so, when the embeddings endpoint fails', async () => {
    const deps = {
      store: store(),
      lexical: new D1LexicalIndex(env.DB),
      semantic: new D1VectorIndex(env.DB),
      embedder: new OpenAIEmbedder({ apiKey: 'wrong-key', baseURL: env.FAKE_OPENAI_URL, model: 'text-embedding-3-small' }),
    };
    const result = await searchKnowledge(deps, { text: 'canteen soup', audience: 'public', k: 2 });
    expect(result.mode).toBe('lexical');
    expect(result.notes[0]).toMatch(/^semantic search unavailable/);
    expect(result.hits[0]?.chunk.documentId).toBe('food.md');
  });
});
