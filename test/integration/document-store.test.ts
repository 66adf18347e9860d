import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { D1DocumentStore } from '../../src/adapters/d1/d1-document-store';
import { D1LexicalIndex } from '../../src/adapters/d1/d1-lexical-index';
import { prepareDocument } from '../../src/domain/knowledge/prepare-document';

const encoder = new TextEncoder();

async function prepare(text: string) {
  return prepareDocument({ id: 'policy.md', audience: 'internal', format: 'markdown', tags: [], bytes: encoder.encode(text) }, async () => []);
}

describe('D1DocumentStore.replace', () => {
  it('is all-or-nothing: a failure halfway leaves the previous version searchable', async () => {
    const store = new D1DocumentStore(env.DB);
    const lexical = new D1LexicalIndex(env.DB);
    const v1 = await prepare('# Policy\n## Pets\nDogs are welcome in the office on Fridays.');
    await store.replace(v1.document, v1.chunks.map((chunk) => ({ ...chunk, embedding: null })));

    const v2 = await prepare('# Policy\n## Pets\nCats only.\n## Plants\nWater the ferns.');
    // Two chunks with one id: the second insert violates UNIQUE after the old rows were deleted.
    const broken = v2.chunks.map((chunk) => ({ ...chunk, id: v2.chunks[0]!.id, embedding: null }));
    await expect(store.replace(v2.document, broken)).rejects.toThrow();

    const hits = await lexical.search({ text: 'dogs welcome', audiences: ['internal'], limit: 5 });
    expect(hits.map((hit) => hit.chunk?.text)).toEqual(['Dogs are welcome in the office on Fridays.']);
    expect(await lexical.search({ text: 'ferns', audiences: ['internal'], limit: 5 })).toEqual([]);
    expect((await store.get('policy.md'))?.contentHash).toBe(v1.document.contentHash);
  });

  it('returns the replaced chunk ids so stale vectors can be deleted', async () => {
    const store = new D1DocumentStore(env.DB);
    const a = await prepare('# A\nFirst version.');
    const b = await prepare('# A\nSecond version.');
    await store.replace(a.document, a.chunks.map((chunk) => ({ ...chunk, embedding: null })));
    const { previousChunkIds } = await store.replace(b.document, b.chunks.map((chunk) => ({ ...chunk, embedding: null })));
    expect(previousChunkIds).toEqual(a.chunks.map((chunk) => chunk.id));
    expect([...(await store.getChunks(previousChunkIds)).keys()]).toEqual([]);
    expect([...(await store.getChunks(b.chunks.map((chunk) => chunk.id))).keys()]).toEqual(b.chunks.map((chunk) => chunk.id));
  });

  it('round-trips embeddings through the BLOB column', async () => {
    const store = new D1DocumentStore(env.DB);
    const doc = await prepare('# Vectors\nStored as float32.');
    await store.replace(doc.document, doc.chunks.map((chunk) => ({ ...chunk, embedding: [0.5, -0.25, 1] })));
    const row = await env.DB.prepare('SELECT embedding FROM chunks WHERE id = ?').bind(doc.chunks[0]!.id).first<{ embedding: ArrayBuffer | number[] }>();
    const { decodeVector } = await import('../../src/adapters/d1/chunk-rows');
    expect([...decodeVector(row!.embedding)]).toEqual([0.5, -0.25, 1]);
  });
});
