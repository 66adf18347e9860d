// In-memory stand-in for a Cloudflare Vectorize index binding, for tests (Vectorize has no local simulation).
// It enforces the documented limits and metadata-index rules so that mistakes which would only surface in
// production fail in tests. Unlike the real service, writes are visible at once (real ones take seconds).
// Sources: developers.cloudflare.com/vectorize/ (platform/limits, reference/client-api, reference/metadata-filtering).

export interface InMemoryVectorizeOptions {
  dimensions: number;
  metric: 'cosine' | 'euclidean' | 'dot-product';
  /** Properties with a metadata index (`wrangler vectorize create-metadata-index`); only these can be filtered on. */
  metadataIndexes?: string[];
}

/** Carries the beta shape (`ids`, `count`) and the V2 `mutationId`, so both binding types are satisfied. */
export type InMemoryMutation = VectorizeVectorMutation & VectorizeAsyncMutation;

const MAX_ID_BYTES = 64;
const MAX_METADATA_BYTES = 10 * 1024; // per vector, measured as JSON
const MAX_BATCH = 1000; // per insert/upsert from a Worker (the HTTP API allows 5000)
const DEFAULT_TOP_K = 5;
const MAX_TOP_K = 100;
// client-api docs: the lower cap applies to `returnValues: true` or `returnMetadata: 'all'` only;
// 'indexed' metadata is documented as free to return, so it keeps the 100 cap.
const MAX_TOP_K_WITH_DATA = 20;
const MAX_METADATA_INDEXES = 10;
const MAX_FILTER_BYTES = 2048; // compact JSON must be under this
const INDEXED_STRING_BYTES = 64; // string indexes keep (and filter on) only the first 64 bytes

type Scalar = string | number | boolean;
type Stored = { id: string; values: number[]; namespace?: string; metadata?: Record<string, VectorizeVectorMetadata> };

export class InMemoryVectorize implements VectorizeIndex, Vectorize {
  readonly dimensions: number;
  readonly metric: VectorizeDistanceMetric;
  private readonly indexed: ReadonlySet<string>;
  private readonly vectors = new Map<string, Stored>();
  private mutations = 0;

  constructor({ dimensions, metric, metadataIndexes = [] }: InMemoryVectorizeOptions) {
    check(Number.isInteger(dimensions) && dimensions >= 1, `invalid dimensions ${dimensions}`);
    check(metadataIndexes.length <= MAX_METADATA_INDEXES, `at most ${MAX_METADATA_INDEXES} metadata indexes per index`);
    this.dimensions = dimensions;
    this.metric = metric;
    this.indexed = new Set(metadataIndexes);
  }

  /** Answers with both the beta (VectorizeIndexDetails) and V2 (VectorizeIndexInfo) fields. */
  async describe(): Promise<VectorizeIndexDetails & VectorizeIndexInfo> {
    const { dimensions, metric, mutations } = this;
    const beta = { id: 'in-memory', name: 'in-memory', config: { dimensions, metric }, vectorsCount: this.vectors.size };
    return { ...beta, vectorCount: beta.vectorsCount, dimensions, processedUpToDatetime: Date.now(), processedUpToMutation: mutations };
  }

  /** Writes only vectors whose id is new: the real insert skips existing ids rather than overwriting. */
  async insert(vectors: VectorizeVector[]): Promise<InMemoryMutation> {
    return this.write(vectors, false);
  }

  /** Writes or fully replaces vectors (values and metadata are not merged). */
  async upsert(vectors: VectorizeVector[]): Promise<InMemoryMutation> {
    return this.write(vectors, true);
  }

  async deleteByIds(ids: string[]): Promise<InMemoryMutation> {
    return this.mutation(ids.filter((id) => this.vectors.delete(id)));
  }

  /** Skips unknown ids. Returns copies, so callers cannot mutate what is stored. */
  async getByIds(ids: string[]): Promise<VectorizeVector[]> {
    return ids.flatMap((id) => (this.vectors.has(id) ? [structuredClone(this.vectors.get(id)!)] : []));
  }

  /** An unknown id yields no matches (the docs do not say; chosen over throwing). */
  async queryById(vectorId: string, options?: VectorizeQueryOptions): Promise<VectorizeMatches> {
    const v = this.vectors.get(vectorId);
    return v ? this.query(v.values, options) : { count: 0, matches: [] };
  }

  async query(vector: VectorFloatArray | number[], options: VectorizeQueryOptions = {}): Promise<VectorizeMatches> {
    const query = this.toFloat32(vector, 'query vector');
    const { topK = DEFAULT_TOP_K, returnValues = false, namespace } = options;
    const level = metadataLevel(options.returnMetadata);
    const max = returnValues || level === 'all' ? MAX_TOP_K_WITH_DATA : MAX_TOP_K;
    const why = max === MAX_TOP_K_WITH_DATA ? " with returnValues: true or returnMetadata: 'all'" : '';
    check(Number.isInteger(topK) && topK >= 1 && topK <= max, `topK must be an integer from 1 to ${max}${why}, got ${topK}`);
    const passes = this.compileFilter(options.filter);
    const matches = [...this.vectors.values()]
      // Namespace, then metadata filter, both BEFORE topK: the result is the best topK of the
      // filtered set, never a filtered topK (which could come back short or empty).
      .filter((v) => (namespace === undefined || v.namespace === namespace) && passes(v))
      .map((v) => ({ v, score: score(this.metric, query, v.values) }))
      // Euclidean is a distance (lower is closer); cosine and dot-product are similarities.
      .sort((a, b) => (this.metric === 'euclidean' ? a.score - b.score : b.score - a.score))
      .slice(0, topK)
      .map(({ v, score }) => {
        const match: VectorizeMatch = { id: v.id, score };
        if (v.namespace !== undefined) match.namespace = v.namespace;
        if (returnValues) match.values = [...v.values];
        if (level === 'all' && v.metadata) match.metadata = structuredClone(v.metadata);
        if (level === 'indexed') match.metadata = this.indexedMetadata(v);
        return match;
      });
    return { count: matches.length, matches };
  }

  private write(vectors: VectorizeVector[], overwrite: boolean): InMemoryMutation {
    check(vectors.length <= MAX_BATCH, `at most ${MAX_BATCH} vectors per call from a Worker, got ${vectors.length}`);
    // Validate the whole batch before writing, so a rejected call changes nothing.
    const prepared = vectors.map((v): Stored => {
      const idBytes = utf8Length(v.id);
      check(idBytes > 0 && idBytes <= MAX_ID_BYTES, `vector id must be 1 to ${MAX_ID_BYTES} bytes (UTF-8); "${v.id}" is ${idBytes}`);
      const metaBytes = v.metadata === undefined ? 0 : utf8Length(JSON.stringify(v.metadata));
      check(metaBytes <= MAX_METADATA_BYTES, `metadata of "${v.id}" is ${metaBytes} bytes as JSON; the limit is ${MAX_METADATA_BYTES}`);
      return structuredClone({ ...v, values: this.toFloat32(v.values, `vector "${v.id}"`) });
    });
    const written: string[] = [];
    for (const v of prepared) {
      if (!overwrite && this.vectors.has(v.id)) continue;
      this.vectors.set(v.id, v);
      written.push(v.id);
    }
    return this.mutation(written);
  }

  /** Checks dimensions; rounds to float32 because that is what Vectorize stores and returns. */
  private toFloat32(values: VectorFloatArray | number[], what: string): number[] {
    check(values.length === this.dimensions, `${what} has ${values.length} dimensions; the index has ${this.dimensions}`);
    const rounded = Array.from(Float32Array.from(values));
    check(rounded.every(Number.isFinite), `${what} contains a non-finite value`);
    return rounded;
  }

  private mutation(ids: string[]): InMemoryMutation {
    this.mutations += 1;
    return { ids, count: ids.length, mutationId: `in-memory-mutation-${this.mutations}` };
  }

  private compileFilter(filter: VectorizeVectorMetadataFilter | undefined): (v: Stored) => boolean {
    if (filter === undefined) return () => true;
    const entries = Object.entries(filter);
    check(entries.length > 0, 'filter must be a non-empty object');
    check(utf8Length(JSON.stringify(filter)) < MAX_FILTER_BYTES, `filter must be under ${MAX_FILTER_BYTES} bytes of JSON`);
    const predicates = entries.map(([key, condition]) => {
      const validKey = key !== '' && !key.startsWith('$') && !key.includes('"') && key.length <= 512;
      check(validKey, `invalid filter key "${key}" (keys are ANDed; there is no $and/$or)`);
      // Without an index the real service cannot filter on the property, which is easy to miss;
      // throwing makes a forgotten `create-metadata-index` visible in tests.
      const indexed = [...this.indexed].join(', ') || 'none';
      check(this.indexed.has(key), `cannot filter on "${key}": it has no metadata index (wrangler vectorize create-metadata-index --property-name=${key}). Indexed: ${indexed}`);
      const isOps = typeof condition === 'object' && condition !== null && !Array.isArray(condition);
      const ops: [string, unknown][] = isOps ? Object.entries(condition) : [['$eq', condition]];
      check(ops.length > 0, `empty operator object for filter key "${key}"`);
      const tests = ops.map(([op, operand]) => compileOperator(key, op, operand));
      return (v: Stored) => tests.every((test) => test(indexedValue(v.metadata, key)));
    });
    return (v) => predicates.every((passes) => passes(v));
  }

  /** returnMetadata 'indexed': only indexed properties, with long strings truncated. */
  private indexedMetadata(v: Stored): Record<string, VectorizeVectorMetadata> {
    const out: Record<string, unknown> = {};
    for (const key of this.indexed) {
      const value = indexedValue(v.metadata, key);
      if (value === null) continue;
      const path = key.split('.'); // dotted keys are nested properties; rebuild the nesting
      let node = out;
      for (const part of path.slice(0, -1)) {
        node[part] ??= {};
        node = node[part] as Record<string, unknown>;
      }
      node[path.at(-1)!] = value;
    }
    return out as Record<string, VectorizeVectorMetadata>;
  }
}

const RANGE: Record<string, (a: string | number, b: string | number) => boolean> = {
  $lt: (a, b) => a < b, $lte: (a, b) => a <= b, $gt: (a, b) => a > b, $gte: (a, b) => a >= b,
};

function compileOperator(key: string, op: string, operand: unknown): (actual: Scalar | null) => boolean {
  if (op === '$eq' || op === '$ne') {
    const want = filterScalar(key, op, operand);
    return op === '$eq' ? (a) => a === want : (a) => a !== want;
  }
  if (op === '$in' || op === '$nin') {
    check(Array.isArray(operand), `${op} on "${key}" needs an array`);
    const set = new Set(operand.map((x) => filterScalar(key, op, x)));
    return op === '$in' ? (a) => set.has(a) : (a) => !set.has(a);
  }
  const compare = Object.hasOwn(RANGE, op) ? RANGE[op] : undefined;
  check(compare, `unsupported filter operator "${op}" on "${key}"`);
  check(typeof operand === 'string' || typeof operand === 'number', `${op} on "${key}" needs a string or number`);
  const bound = filterScalar(key, op, operand) as string | number;
  // Ranges compare like with like: a number never satisfies a string bound, nor the reverse.
  return (a) => typeof a === typeof bound && compare(a as string | number, bound);
}

/** Validates a filter operand; strings are cut to 64 bytes like the indexed values they meet. */
function filterScalar(key: string, op: string, value: unknown): Scalar | null {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return truncateUtf8(value, INDEXED_STRING_BYTES);
  throw new Error(`Vectorize: ${op} on "${key}" needs a string, number, boolean or null, got ${JSON.stringify(value)}`);
}

// The value a metadata index holds: a scalar (a dot in the key means nesting), or null when the property
// is missing or not a string/number/boolean. So `$ne`/`$nin` match vectors lacking the property: an
// assumption, since the docs do not say.
function indexedValue(metadata: Stored['metadata'], key: string): Scalar | null {
  let node: unknown = metadata;
  for (const part of key.split('.')) {
    node = typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node === 'string') return truncateUtf8(node, INDEXED_STRING_BYTES);
  return typeof node === 'number' || typeof node === 'boolean' ? node : null;
}

function metadataLevel(value: VectorizeQueryOptions['returnMetadata'] = 'none'): VectorizeMetadataRetrievalLevel {
  if (typeof value === 'boolean') return value ? 'all' : 'none'; // legacy boolean form
  check(['none', 'indexed', 'all'].includes(value), `returnMetadata must be 'none', 'indexed' or 'all', got ${JSON.stringify(value)}`);
  return value;
}

function score(metric: VectorizeDistanceMetric, a: number[], b: number[]): number {
  const dot = (x: number[], y: number[]) => x.reduce((sum, xi, i) => sum + xi * y[i]!, 0);
  if (metric === 'dot-product') return dot(a, b);
  if (metric === 'euclidean') return Math.sqrt(a.reduce((sum, x, i) => sum + (x - b[i]!) ** 2, 0));
  // Cosine similarity is undefined for a zero vector; score it 0 rather than NaN, which breaks sorting.
  const norms = Math.sqrt(dot(a, a) * dot(b, b));
  return norms === 0 ? 0 : dot(a, b) / norms;
}

/** Throws the fake's errors; every message names Vectorize so the source is obvious in a test failure. */
function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(`Vectorize: ${message}`);
}

const encoder = new TextEncoder();
const utf8Length = (text: string) => encoder.encode(text).length;

/** Longest prefix of whole characters within maxBytes of UTF-8, as the docs describe for indexed strings. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text; // a UTF-16 unit is at most 3 UTF-8 bytes
  let out = '';
  for (const ch of text) {
    if (utf8Length(out + ch) > maxBytes) break;
    out += ch;
  }
  return out;
}
