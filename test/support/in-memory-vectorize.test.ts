import { describe, expect, it } from 'vitest';
import { InMemoryVectorize } from './in-memory-vectorize';

/** A 4-dimensional vector with 1 at position `i`: orthogonal to every other axis. */
const axis = (i: number): number[] => [0, 0, 0, 0].map((_, j) => (j === i ? 1 : 0));

function index(metadataIndexes: string[] = []) {
  return new InMemoryVectorize({ dimensions: 4, metric: 'cosine', metadataIndexes });
}

/** Five vectors whose cosine similarity to [1, 0, 0, 0] falls strictly from a to e. */
async function catalogue() {
  const vz = index(['kind', 'year', 'tags', 'author.name', 'url']);
  await vz.upsert([
    { id: 'a', values: [1, 0, 0, 0], metadata: { kind: 'guide', year: 2021, url: '/a' } },
    { id: 'b', values: [1, 0.2, 0, 0], metadata: { kind: 'faq', year: 2022, author: { name: 'ana' } } },
    { id: 'c', values: [1, 0.5, 0, 0], metadata: { kind: 'guide', year: 2023, tags: ['x'] } },
    { id: 'd', values: [1, 1, 0, 0], metadata: { kind: 'policy', year: 2024, author: { name: 'bo' } } },
    { id: 'e', values: [0, 1, 0, 0], metadata: { kind: 'faq', year: '2025' } },
  ]);
  return vz;
}

async function idsFor(vz: InMemoryVectorize, filter: VectorizeVectorMetadataFilter, topK = 10) {
  const result = await vz.query([1, 0, 0, 0], { topK, filter });
  return result.matches.map((m) => m.id);
}

describe('InMemoryVectorize', () => {
  it('can stand in for both the beta and the V2 binding types', async () => {
    const vz = index();
    const beta: VectorizeIndex = vz; // the type wrangler generates for env.VECTORS
    const v2: Vectorize = vz;
    expect(await beta.upsert([{ id: 'x', values: axis(0) }])).toMatchObject({ ids: ['x'], count: 1, mutationId: expect.any(String) });
    const inserted = await v2.insert([{ id: 'y', values: axis(1) }]);
    const deleted = await v2.deleteByIds(['x']);
    expect(inserted.mutationId).not.toBe(deleted.mutationId);
    expect(await v2.describe()).toMatchObject({ config: { dimensions: 4, metric: 'cosine' }, vectorsCount: 1, vectorCount: 1 });
  });

  describe('writes', () => {
    it('insert keeps an existing id untouched; upsert replaces it in full', async () => {
      const vz = index();
      await vz.insert([{ id: 'doc', values: axis(0), metadata: { title: 'first', extra: true } }]);
      const inserted = await vz.insert([{ id: 'doc', values: axis(1), metadata: { title: 'second' } }]);
      expect(inserted.count).toBe(0);
      expect((await vz.getByIds(['doc']))[0]).toMatchObject({ values: axis(0), metadata: { title: 'first', extra: true } });

      const upserted = await vz.upsert([{ id: 'doc', values: axis(1), metadata: { title: 'second' } }]);
      expect(upserted.ids).toEqual(['doc']);
      const [doc] = await vz.getByIds(['doc']);
      expect(doc?.values).toEqual(axis(1));
      expect(doc?.metadata).toEqual({ title: 'second' }); // not merged: `extra` is gone
      expect((await vz.describe()).vectorsCount).toBe(1);
    });

    it('insert keeps the first of duplicate ids in one batch, upsert the last', async () => {
      const vz = index();
      await vz.insert([{ id: 'i', values: axis(0) }, { id: 'i', values: axis(1) }]);
      await vz.upsert([{ id: 'u', values: axis(0) }, { id: 'u', values: axis(1) }]);
      const [i, u] = await vz.getByIds(['i', 'u']);
      expect(i?.values).toEqual(axis(0));
      expect(u?.values).toEqual(axis(1));
    });

    it('getByIds returns known ids in request order, as copies, with float32 values', async () => {
      const vz = index();
      await vz.upsert([{ id: 'a', values: [0.1, 0, 0, 0], metadata: { n: 1 } }, { id: 'b', values: axis(1) }]);
      const found = await vz.getByIds(['b', 'missing', 'a']);
      expect(found.map((v) => v.id)).toEqual(['b', 'a']);
      expect(found[1]?.values[0]).toBe(Math.fround(0.1));
      expect(found[1]?.values[0]).not.toBe(0.1);
      (found[1]!.metadata as { n: number }).n = 99;
      expect((await vz.getByIds(['a']))[0]?.metadata).toEqual({ n: 1 });
    });

    it('deleteByIds removes vectors from storage and from query results', async () => {
      const vz = index();
      await vz.upsert([{ id: 'a', values: axis(0) }, { id: 'b', values: axis(0) }]);
      const deleted = await vz.deleteByIds(['a', 'never-existed']);
      expect(deleted).toMatchObject({ ids: ['a'], count: 1 });
      expect(await vz.getByIds(['a', 'b'])).toHaveLength(1);
      const { matches } = await vz.query(axis(0), { topK: 10 });
      expect(matches.map((m) => m.id)).toEqual(['b']);
    });
  });

  describe('metadata filters', () => {
    it('supports implicit and explicit $eq, and $ne', async () => {
      const vz = await catalogue();
      expect(await idsFor(vz, { kind: 'guide' })).toEqual(['a', 'c']);
      expect(await idsFor(vz, { kind: { $eq: 'faq' } })).toEqual(['b', 'e']);
      expect(await idsFor(vz, { kind: { $ne: 'guide' } })).toEqual(['b', 'd', 'e']);
    });

    it('supports $in and $nin', async () => {
      const vz = await catalogue();
      expect(await idsFor(vz, { kind: { $in: ['faq', 'policy'] } })).toEqual(['b', 'd', 'e']);
      expect(await idsFor(vz, { kind: { $nin: ['faq', 'policy'] } })).toEqual(['a', 'c']);
    });

    it('supports $lt, $lte, $gt, $gte, comparing numbers only with numbers', async () => {
      const vz = await catalogue();
      expect(await idsFor(vz, { year: { $lt: 2022 } })).toEqual(['a']);
      expect(await idsFor(vz, { year: { $lte: 2022 } })).toEqual(['a', 'b']);
      expect(await idsFor(vz, { year: { $gt: 2023 } })).toEqual(['d']); // e's year is the string '2025'
      expect(await idsFor(vz, { year: { $gte: 2023 } })).toEqual(['c', 'd']);
      expect(await idsFor(vz, { year: { $gte: 2022, $lt: 2024 } })).toEqual(['b', 'c']);
      expect(await idsFor(vz, { year: { $gte: '2025' } })).toEqual(['e']);
    });

    it('ANDs multiple keys, and reads dotted keys as nested properties', async () => {
      const vz = await catalogue();
      expect(await idsFor(vz, { kind: 'guide', year: { $gt: 2021 } })).toEqual(['c']);
      expect(await idsFor(vz, { 'author.name': 'bo' })).toEqual(['d']);
    });

    it('treats a missing or non-scalar property as null', async () => {
      const vz = await catalogue();
      expect(await idsFor(vz, { url: null })).toEqual(['b', 'c', 'd', 'e']);
      expect(await idsFor(vz, { url: { $ne: '/a' } })).toEqual(['b', 'c', 'd', 'e']);
      expect(await idsFor(vz, { tags: { $eq: 'x' } })).toEqual([]); // arrays are not indexed
    });

    it('applies the filter before topK', async () => {
      const vz = await catalogue();
      // 'a' is the exact match for the query but fails the filter; the best passing vector is 'b'.
      const { matches, count } = await vz.query([1, 0, 0, 0], { topK: 1, filter: { kind: 'faq' } });
      expect(count).toBe(1);
      expect(matches.map((m) => m.id)).toEqual(['b']);
    });

    it('matches strings on their first 64 bytes only, as the real string index does', async () => {
      const vz = index(['url']);
      const prefix = 'x'.repeat(64);
      await vz.upsert([{ id: 'long1', values: axis(0), metadata: { url: `${prefix}-one` } }]);
      await vz.upsert([{ id: 'long2', values: axis(1), metadata: { url: `${prefix}-two` } }]);
      const { matches } = await vz.query(axis(0), { filter: { url: `${prefix}-one` } });
      expect(matches.map((m) => m.id).sort()).toEqual(['long1', 'long2']);
    });

    it('throws when filtering on a property without a metadata index', async () => {
      const vz = await catalogue();
      await expect(vz.query(axis(0), { filter: { title: 'x' } })).rejects.toThrow(/no metadata index.*create-metadata-index/);
      await expect(index().query(axis(0), { filter: { kind: 'guide' } })).rejects.toThrow(/"kind".*Indexed: none/);
    });

    it('rejects malformed filters', async () => {
      const vz = await catalogue();
      const bad = (filter: unknown) => vz.query(axis(0), { filter: filter as VectorizeVectorMetadataFilter });
      await expect(bad({})).rejects.toThrow(/non-empty/);
      await expect(bad({ $or: [{ kind: 'faq' }] })).rejects.toThrow(/invalid filter key "\$or"/);
      await expect(bad({ kind: { $regex: 'g.*' } })).rejects.toThrow(/unsupported filter operator "\$regex"/);
      await expect(bad({ kind: { $in: 'faq' } })).rejects.toThrow(/needs an array/);
      await expect(bad({ year: { $gt: true } })).rejects.toThrow(/string or number/);
      await expect(bad({ kind: { $eq: { nested: 1 } } })).rejects.toThrow(/needs a string, number, boolean or null/);
    });
  });

  describe('scoring', () => {
    const vectors = [
      { id: 'same', values: [1, 0, 0, 0] },
      { id: 'long', values: [3, 0, 0, 0] },
      { id: 'diagonal', values: [1, 1, 0, 0] },
      { id: 'opposite', values: [-1, 0, 0, 0] },
    ];
    async function ranked(metric: 'cosine' | 'euclidean' | 'dot-product') {
      const vz = new InMemoryVectorize({ dimensions: 4, metric });
      await vz.upsert(vectors);
      return (await vz.query([1, 0, 0, 0], { topK: 4 })).matches.map((m) => [m.id, Number(m.score.toFixed(4))]);
    }

    it('cosine: similarity, highest first, ignoring magnitude', async () => {
      const result = await ranked('cosine');
      expect(result.slice(2)).toEqual([['diagonal', Number(Math.SQRT1_2.toFixed(4))], ['opposite', -1]]);
      expect(result.slice(0, 2).map(([, score]) => score)).toEqual([1, 1]);
    });

    it('dot-product: highest first, rewarding magnitude', async () => {
      expect(await ranked('dot-product')).toEqual([['long', 3], ['same', 1], ['diagonal', 1], ['opposite', -1]]);
    });

    it('euclidean: distance, lowest first', async () => {
      expect(await ranked('euclidean')).toEqual([['same', 0], ['diagonal', 1], ['long', 2], ['opposite', 2]]);
    });
  });

  describe('query options', () => {
    it('returns metadata per returnMetadata level and values only when asked', async () => {
      const vz = index(['kind']);
      const metadata = { kind: 'k'.repeat(80), body: 'unindexed' };
      await vz.upsert([{ id: 'a', values: [0.5, 0, 0, 0], metadata }]);
      const first = async (options: VectorizeQueryOptions) => (await vz.query(axis(0), options)).matches[0];
      expect(await first({})).toEqual({ id: 'a', score: 1 });
      expect((await first({ returnMetadata: 'indexed' }))?.metadata).toEqual({ kind: 'k'.repeat(64) });
      expect((await first({ returnMetadata: 'all' }))?.metadata).toEqual(metadata);
      expect((await first({ returnMetadata: true }))?.metadata).toEqual(metadata);
      expect((await first({ returnValues: true }))?.values).toEqual([0.5, 0, 0, 0]);
    });

    it('defaults topK to 5', async () => {
      const vz = index();
      await vz.upsert(Array.from({ length: 8 }, (_, i) => ({ id: `v${i}`, values: [1, i, 0, 0] })));
      expect((await vz.query(axis(0))).count).toBe(5);
    });

    it('restricts a query to a namespace', async () => {
      const vz = index();
      await vz.upsert([{ id: 'a', values: axis(0), namespace: 'acme' }, { id: 'b', values: axis(0), namespace: 'globex' }]);
      const { matches } = await vz.query(axis(0), { namespace: 'globex' });
      expect(matches).toEqual([{ id: 'b', score: 1, namespace: 'globex' }]);
    });

    it('queryById searches with a stored vector, and finds nothing for an unknown id', async () => {
      const vz = await catalogue();
      const { matches } = await vz.queryById('e', { topK: 2 });
      expect(matches.map((m) => m.id)).toEqual(['e', 'd']);
      expect(await vz.queryById('nope')).toEqual({ count: 0, matches: [] });
    });
  });

  describe('limits', () => {
    it('caps vector ids at 64 bytes of UTF-8, not 64 characters', async () => {
      const vz = index();
      await expect(vz.upsert([{ id: 'a'.repeat(64), values: axis(0) }])).resolves.toMatchObject({ count: 1 });
      await expect(vz.upsert([{ id: 'a'.repeat(65), values: axis(0) }])).rejects.toThrow(/64 bytes/);
      await expect(vz.upsert([{ id: '€'.repeat(22), values: axis(0) }])).rejects.toThrow(/is 66/); // 22 chars, 66 bytes
      await expect(vz.upsert([{ id: '', values: axis(0) }])).rejects.toThrow(/vector id/);
    });

    it('caps metadata at 10 KiB of JSON', async () => {
      const vz = index();
      const overhead = JSON.stringify({ t: '' }).length;
      const fits = { t: 'a'.repeat(10 * 1024 - overhead) };
      await expect(vz.upsert([{ id: 'ok', values: axis(0), metadata: fits }])).resolves.toMatchObject({ count: 1 });
      const tooBig = { t: 'a'.repeat(10 * 1024 - overhead + 1) };
      await expect(vz.upsert([{ id: 'big', values: axis(0), metadata: tooBig }])).rejects.toThrow(/10241 bytes/);
    });

    it('requires the index dimensions on writes and queries', async () => {
      const vz = index();
      await expect(vz.insert([{ id: 'a', values: [1, 0, 0] }])).rejects.toThrow(/3 dimensions; the index has 4/);
      await expect(vz.query(new Float32Array(5))).rejects.toThrow(/query vector has 5 dimensions/);
      await expect(vz.upsert([{ id: 'a', values: [Number.NaN, 0, 0, 0] }])).rejects.toThrow(/non-finite/);
    });

    it('caps batches at 1000 vectors and rejects a bad batch without writing any of it', async () => {
      const vz = index();
      const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `v${i}`, values: axis(i % 4) }));
      await expect(vz.upsert(batch(1001))).rejects.toThrow(/at most 1000/);
      await expect(vz.upsert(batch(1000))).resolves.toMatchObject({ count: 1000 });
      const mixed = [{ id: 'new', values: axis(0) }, { id: 'bad', values: [1] }];
      await expect(vz.upsert(mixed)).rejects.toThrow(/dimensions/);
      expect(await vz.getByIds(['new'])).toEqual([]);
    });

    it('caps topK at 100, or 20 with values or all metadata', async () => {
      const vz = index();
      await expect(vz.query(axis(0), { topK: 100 })).resolves.toMatchObject({ count: 0 });
      await expect(vz.query(axis(0), { topK: 101 })).rejects.toThrow(/from 1 to 100/);
      await expect(vz.query(axis(0), { topK: 0 })).rejects.toThrow(/topK/);
      await expect(vz.query(axis(0), { topK: 100, returnMetadata: 'indexed' })).resolves.toMatchObject({ count: 0 });
      await expect(vz.query(axis(0), { topK: 20, returnValues: true, returnMetadata: 'all' })).resolves.toBeDefined();
      await expect(vz.query(axis(0), { topK: 21, returnValues: true })).rejects.toThrow(/from 1 to 20 with returnValues/);
      await expect(vz.query(axis(0), { topK: 21, returnMetadata: 'all' })).rejects.toThrow(/from 1 to 20/);
      await expect(vz.query(axis(0), { topK: 21, returnMetadata: true })).rejects.toThrow(/from 1 to 20/);
    });

    it('allows at most 10 metadata indexes', () => {
      const names = Array.from({ length: 11 }, (_, i) => `p${i}`);
      expect(() => index(names)).toThrow(/at most 10 metadata indexes/);
      expect(index(names.slice(0, 10))).toBeInstanceOf(InMemoryVectorize);
    });
  });
});
