import { describe, expect, it } from 'vitest';
import { KnowledgeInputError } from './errors';
import { embeddingText, KnowledgeBase } from './knowledge-base';
import type { ChunkToStore, DocumentStore, Embedder, ExternalVectorIndex, StoredChunk, VectorEntry } from './ports';
import { type DocumentInput, prepareDocument } from './prepare-document';
import type { KnowledgeDocument } from './types';

const utf8 = (text: string) => new TextEncoder().encode(text);
const noPdf = async (): Promise<string[]> => {
  throw new Error('no PDFs in these tests');
};

function input(body = '# Leave\n\n## Vacation\n\nTwenty days.\n\n## Sick leave\n\nUnlimited.', overrides: Partial<DocumentInput> = {}): DocumentInput {
  return { id: 'hr/leave.md', audience: 'internal', tags: [], format: 'markdown', bytes: utf8(body), ...overrides };
}

/** An in-memory DocumentStore that records calls in a shared log and keeps its old state when replace fails. */
class FakeStore implements DocumentStore {
  documents = new Map<string, KnowledgeDocument>();
  chunks = new Map<string, ChunkToStore[]>();
  failReplace = false;
  constructor(readonly log: string[]) {}
  async get(id: string) {
    this.log.push(`store.get ${id}`);
    return this.documents.get(id) ?? null;
  }
  async list() {
    return [...this.documents.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
  async replace(document: KnowledgeDocument, chunks: ChunkToStore[]) {
    this.log.push(`store.replace ${chunks.map((chunk) => chunk.id).join(',')}`);
    if (this.failReplace) throw new Error('D1 unavailable');
    const previousChunkIds = (this.chunks.get(document.id) ?? []).map((chunk) => chunk.id);
    this.documents.set(document.id, document);
    this.chunks.set(document.id, chunks);
    return { previousChunkIds };
  }
  async delete(id: string) {
    this.log.push(`store.delete ${id}`);
    const chunks = this.chunks.get(id);
    if (!this.documents.delete(id) || !chunks) return null;
    this.chunks.delete(id);
    return { chunkIds: chunks.map((chunk) => chunk.id) };
  }
  async getChunks(): Promise<Map<string, StoredChunk>> {
    throw new Error('not used by KnowledgeBase');
  }
}

class FakeVectors implements ExternalVectorIndex {
  readonly kind = 'semantic';
  upserted: VectorEntry[] = [];
  failDelete = false;
  constructor(readonly log: string[]) {}
  async search() {
    return [];
  }
  async upsert(entries: VectorEntry[]) {
    this.log.push(`vectors.upsert ${entries.map((entry) => entry.id).join(',')}`);
    this.upserted.push(...entries);
  }
  async deleteByIds(ids: string[]) {
    this.log.push(`vectors.delete ${ids.join(',')}`);
    if (this.failDelete) throw new Error('Vectorize timeout');
  }
}

class FakeEmbedder implements Embedder {
  readonly model = 'fake-embedder';
  batches: string[][] = [];
  fail = false;
  async embed(texts: string[]) {
    this.batches.push(texts);
    if (this.fail) throw new Error('embedder down');
    return texts.map((text) => [text.length, this.batches.length]);
  }
}

function setup(options: { embedder?: boolean; vectors?: boolean } = {}) {
  const log: string[] = [];
  const events: [string, Record<string, unknown>][] = [];
  const store = new FakeStore(log);
  const vectors = options.vectors ? new FakeVectors(log) : null;
  const embedder = options.embedder ? new FakeEmbedder() : null;
  const kb = new KnowledgeBase({ store, extractPdf: noPdf, embedder, externalVectors: vectors, log: (event, fields) => events.push([event, fields]) });
  return { kb, log, events, store, vectors, embedder };
}

const idsOf = async (source: DocumentInput) => (await prepareDocument(source, noPdf)).chunks.map((chunk) => chunk.id);

describe('KnowledgeBase.put', () => {
  it('adds a new document, then reports it unchanged without rewriting it', async () => {
    const { kb, store, log } = setup();
    const first = await kb.put(input());
    expect(first.outcome).toBe('added');
    expect(store.documents.get('hr/leave.md')).toEqual(first.document);
    expect(store.chunks.get('hr/leave.md')!.map((chunk) => chunk.text)).toEqual(['Twenty days.', 'Unlimited.']);
    expect(store.chunks.get('hr/leave.md')!.every((chunk) => chunk.embedding === null)).toBe(true);

    log.length = 0;
    const second = await kb.put(input());
    expect(second).toEqual({ outcome: 'unchanged', document: first.document });
    expect(log).toEqual(['store.get hr/leave.md']);
  });

  it('reports an update when the content or the metadata changes', async () => {
    const { kb, store } = setup();
    await kb.put(input());
    expect((await kb.put(input('# Leave\n\nTwenty-five days.'))).outcome).toBe('updated');
    expect(store.chunks.get('hr/leave.md')!.map((chunk) => chunk.text)).toEqual(['Twenty-five days.']);
    expect((await kb.put(input('# Leave\n\nTwenty-five days.', { title: 'Leave policy' }))).outcome).toBe('updated');
    expect(store.documents.get('hr/leave.md')!.title).toBe('Leave policy');
  });

  it('refuses to change a document\'s audience unless asked, and leaves the stored version as it was', async () => {
    const { kb, store, log } = setup();
    const { document } = await kb.put(input());
    log.length = 0;
    const refused = await kb.put(input(undefined, { audience: 'public' })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KnowledgeInputError);
    expect(refused).toMatchObject({ code: 'audience_change', field: 'audience' });
    expect((refused as Error).message).toContain('internal → public');
    expect(log).toEqual(['store.get hr/leave.md']);
    expect(store.documents.get('hr/leave.md')).toEqual(document);

    const allowed = await kb.put(input(undefined, { audience: 'public' }), { allowAudienceChange: true });
    expect(allowed).toMatchObject({ outcome: 'updated', audienceChangedFrom: 'internal' });
    expect(store.documents.get('hr/leave.md')!.audience).toBe('public');
    expect(store.chunks.get('hr/leave.md')!.every((chunk) => chunk.audience === 'public')).toBe(true);
    // Same audience again: no change to report.
    expect(await kb.put(input(undefined, { audience: 'public' }), { allowAudienceChange: true })).toEqual({ outcome: 'unchanged', document: allowed.document });
  });

  it('does not embed an unchanged document again', async () => {
    const { kb, embedder } = setup({ embedder: true, vectors: true });
    await kb.put(input());
    await kb.put(input());
    expect(embedder!.batches).toHaveLength(1);
  });

  it('writes new vectors, then the store, then deletes only the old vectors that are gone', async () => {
    const { kb, log, store, vectors } = setup({ embedder: true, vectors: true });
    const next = input();
    const newIds = await idsOf(next);
    // The previous version shares one chunk id with the new one (as if that chunk were unchanged).
    store.documents.set(next.id, { ...(await prepareDocument(next, noPdf)).document, contentHash: 'old-hash' });
    store.chunks.set(next.id, [newIds[0]!, 'old-1', 'old-2'].map((id) => ({ id }) as ChunkToStore));

    expect((await kb.put(next)).outcome).toBe('updated');
    expect(log).toEqual([`store.get ${next.id}`, `vectors.upsert ${newIds.join(',')}`, `store.replace ${newIds.join(',')}`, 'vectors.delete old-1,old-2']);
    expect(vectors!.upserted.map((entry) => [entry.id, entry.audience, entry.documentId])).toEqual(newIds.map((id) => [id, 'internal', 'hr/leave.md']));
  });

  it('upserts the embedder\'s vectors and stores each chunk with its own', async () => {
    const { kb, store, vectors, embedder } = setup({ embedder: true, vectors: true });
    await kb.put(input());
    const stored = store.chunks.get('hr/leave.md')!;
    expect(embedder!.batches).toEqual([stored.map(embeddingText)]);
    expect(stored.map((chunk) => chunk.embedding)).toEqual(vectors!.upserted.map((entry) => entry.vector));
    expect(stored[0]!.embedding).toEqual([embeddingText(stored[0]!).length, 1]);
  });

  it('stores embeddings in the store when there is no external vector index', async () => {
    const { kb, store, log } = setup({ embedder: true });
    await kb.put(input());
    expect(store.chunks.get('hr/leave.md')!.every((chunk) => Array.isArray(chunk.embedding))).toBe(true);
    expect(log.some((entry) => entry.startsWith('vectors.'))).toBe(false);
  });

  it('embeds in batches of at most 64 texts', async () => {
    const { kb, embedder, store } = setup({ embedder: true, vectors: true });
    const body = Array.from({ length: 70 }, (_, i) => `## Section ${i}\n\nBody ${i}.`).join('\n\n');
    await kb.put(input(body, { title: 'Big' }));
    expect(embedder!.batches.map((batch) => batch.length)).toEqual([64, 6]);
    expect(embedder!.batches[0]![0]).toBe('Big > Section 0\n\nBody 0.');
    expect(store.chunks.get('hr/leave.md')!.at(-1)!.embedding).toEqual(['Big > Section 69\n\nBody 69.'.length, 2]);
  });

  it('keeps the old version and its vectors when the store fails to replace', async () => {
    const { kb, store, log } = setup({ embedder: true, vectors: true });
    const old = await kb.put(input());
    const oldChunks = store.chunks.get('hr/leave.md');
    store.failReplace = true;
    log.length = 0;

    await expect(kb.put(input('# Leave\n\nChanged.'))).rejects.toThrow('D1 unavailable');
    expect(store.documents.get('hr/leave.md')).toEqual(old.document);
    expect(store.chunks.get('hr/leave.md')).toBe(oldChunks);
    expect(log.some((entry) => entry.startsWith('vectors.delete'))).toBe(false);
  });

  it('succeeds and logs when old vectors cannot be deleted', async () => {
    const { kb, vectors, events, store } = setup({ embedder: true, vectors: true });
    await kb.put(input());
    vectors!.failDelete = true;
    const result = await kb.put(input('# Leave\n\nChanged.'));
    expect(result.outcome).toBe('updated');
    expect(store.chunks.get('hr/leave.md')!.map((chunk) => chunk.text)).toEqual(['Changed.']);
    expect(events).toEqual([['stale-vectors-kept', { count: 2, error: 'Error: Vectorize timeout' }]]);
  });

  it('writes nothing when embedding fails', async () => {
    const { kb, embedder, log } = setup({ embedder: true, vectors: true });
    embedder!.fail = true;
    await expect(kb.put(input())).rejects.toThrow('embedder down');
    expect(log).toEqual(['store.get hr/leave.md']);
  });

  it('writes nothing for content that cannot be indexed', async () => {
    const { kb, log } = setup({ embedder: true, vectors: true });
    await expect(kb.put(input('   '))).rejects.toBeInstanceOf(KnowledgeInputError);
    expect(log).toEqual(['store.get hr/leave.md']);
  });
});

describe('KnowledgeBase.delete, list and get', () => {
  it('returns false for an unknown document and deletes no vectors', async () => {
    const { kb, log } = setup({ vectors: true });
    expect(await kb.delete('nope.md')).toBe(false);
    expect(log).toEqual(['store.delete nope.md']);
  });

  it('deletes the document and then its vectors', async () => {
    const { kb, log, store } = setup({ embedder: true, vectors: true });
    await kb.put(input());
    const ids = store.chunks.get('hr/leave.md')!.map((chunk) => chunk.id);
    log.length = 0;
    expect(await kb.delete('hr/leave.md')).toBe(true);
    expect(log).toEqual(['store.delete hr/leave.md', `vectors.delete ${ids.join(',')}`]);
    expect(await kb.get('hr/leave.md')).toBeNull();
  });

  it('still reports a delete whose vector clean-up failed, and logs it', async () => {
    const { kb, vectors, events } = setup({ embedder: true, vectors: true });
    await kb.put(input());
    vectors!.failDelete = true;
    expect(await kb.delete('hr/leave.md')).toBe(true);
    expect(events.map(([event]) => event)).toEqual(['stale-vectors-kept']);
  });

  it('lists and gets documents from the store', async () => {
    const { kb } = setup();
    const { document } = await kb.put(input());
    expect(await kb.list()).toEqual([document]);
    expect(await kb.get('hr/leave.md')).toEqual(document);
  });
});
