/**
 * In-memory stand-in for a Cloudflare Vectorize index binding, for tests.
 *
 * Vectorize has no local simulation, so tests would otherwise either skip the
 * vector path or hit the real service. This fake follows the documented
 * behaviour closely enough that the mistakes which only show up in production
 * (missing metadata index, topK too large, oversized ids or metadata, wrong
 * dimensions) fail loudly in tests instead. Writes are visible immediately; the
 * real service applies mutations asynchronously, a few seconds later.
 *
 * Sources: developers.cloudflare.com/vectorize/ — platform/limits,
 * reference/client-api, reference/metadata-filtering.
 */

export interface InMemoryVectorizeOptions {
  dimensions: number;
  metric: 'cosine' | 'euclidean' | 'dot-product';
  /** Properties that have a metadata index (`wrangler vectorize create-metadata-index`). Only these can be filtered on. */
  metadataIndexes?: string[];
}

/** Results carry both the beta shape (`ids`, `count`) and the V2 `mutationId`, so either binding type is satisfied. */
export type InMemoryMutation = VectorizeVectorMutation & VectorizeAsyncMutation;

// Documented limits (platform/limits). Batch size is the Workers limit; the HTTP API allows 5000.
const MAX_DIMENSIONS = 1536;
const MAX_ID_BYTES = 64;
const MAX_NAMESPACE_BYTES = 64;
const MAX_METADATA_BYTES = 10 * 1024;
const MAX_BATCH = 1000;
const DEFAULT_TOP_K = 5;
const MAX_TOP_K = 100;
// client-api: the lower cap applies only to `returnValues: true` or `returnMetadata: 'all'`;
// `'indexed'` is documented as free to return, so it keeps the 100 cap.
const MAX_TOP_K_WITH_DATA = 20;
const MAX_METADATA_INDEXES = 10;
const MAX_FILTER_BYTES = 2048;
// Indexed strings are filterable (and returned by 'indexed') only on their first 64 bytes.
const MAX_INDEXED_STRING_BYTES = 64;

type Scalar = string | number | boolean;
type Stored = { id: string; values: number[]; namespace?: string; metadata?: Record<string, VectorizeVectorMetadata> };

export class InMemoryVectorize implements VectorizeIndex, Vectorize {
  readonly dimensions: number;
  readonly metric: VectorizeDistanceMetric;
  private readonly indexed: ReadonlySet<string>;
  private readonly vectors = new Map<string, Stored>();
  private mutations = 0;

  constructor(options: InMemoryVectorizeOptions) {
    const { dimensions, metric, metadataIndexes = [] } = options;
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
      throw new Error(`Vectorize: dimensions must be an integer from 1 to ${MAX_DIMENSIONS}, got ${dimensions}`);
    }
    if (metadataIndexes.length > MAX_METADATA_INDEXES) {
      throw new Error(`Vectorize: at most ${MAX_METADATA_INDEXES} metadata indexes per index, got ${metadataIndexes.length}`);
    }
    this.dimensions = dimensions;
    this.metric = metric;
    this.indexed = new Set(metadataIndexes);
  }

  async describe(): Promise<VectorizeIndexDetails & VectorizeIndexInfo> {
    const config = { dimensions: this.dimensions, metric: this.metric };
    const count = this.vectors.size;
    return { id: 'in-memory', name: 'in-memory', config, vectorsCount: count, vectorCount: count, dimensions: this.dimensions, processedUpToDatetime: Date.now(), processedUpToMutation: this.mutations };
  }

  /** Adds vectors whose id is new; existing ids are left untouched, as the real insert does. */
  async insert(vectors: VectorizeVector[]): Promise<InMemoryMutation> {
    return this.write(vectors, false);
  }

  /** Adds or fully replaces vectors (values and metadata are not merged). */
  async upsert(vectors: VectorizeVector[]): Promise<InMemoryMutation> {
    return this.write(vectors, true);
  }

  async deleteByIds(ids: string[]): Promise<InMemoryMutation> {
    return this.mutation(ids.filter((id) => this.vectors.delete(id)));
  }

  /** Unknown ids are skipped. Copies are returned so callers cannot mutate the stored vectors. */
  async getByIds(ids: string[]): Promise<VectorizeVector[]> {
    return ids.flatMap((id) => {
      const v = this.vectors.get(id);
      return v ? [structuredClone(v)] : [];
    });
  }

  /** Queries with a stored vector's values; an unknown id yields no matches (undocumented; chosen over throwing). */
  async queryById(vectorId: string, options?: VectorizeQueryOptions): Promise<VectorizeMatches> {
    const v = this.vectors.get(vectorId);
    return v ? this.query(v.values, options) : { count: 0, matches: [] };
  }

  async query(vector: VectorFloatArray | number[], options: VectorizeQueryOptions = {}): Promise<VectorizeMatches> {
    const query = this.toStoredValues(vector, 'query vector');
    const topK = options.topK ?? DEFAULT_TOP_K;
    const returnValues = options.returnValues ?? false;
    const level = metadataLevel(options.returnMetadata);
    const max = returnValues || level === 'all' ? MAX_TOP_K_WITH_DATA : MAX_TOP_K;
    if (!Number.isInteger(topK) || topK < 1 || topK > max) {
      const why = max === MAX_TOP_K_WITH_DATA ? " when returnValues is true or returnMetadata is 'all'" : '';
      throw new Error(`Vectorize: topK must be an integer from 1 to ${max}${why}, got ${topK}`);
    }
    const passes = this.compileFilter(options.filter);
    const matches = [...this.vectors.values()]
      // The namespace narrows the search before metadata filters, and both apply before topK:
      // the result is the best topK of the filtered set, never a filtered topK.
      .filter((v) => options.namespace === undefined || v.namespace === options.namespace)
      .filter(passes)
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
    if (vectors.length > MAX_BATCH) {
      throw new Error(`Vectorize: at most ${MAX_BATCH} vectors per insert/upsert from a Worker, got ${vectors.length}`);
    }
    // Validate the whole batch first so a rejected call writes nothing.
    const prepared = vectors.map((v) => this.prepare(v));
    const written: string[] = [];
    for (const v of prepared) {
      if (!overwrite && this.vectors.has(v.id)) continue;
      this.vectors.set(v.id, v);
      written.push(v.id);
    }
    return this.mutation(written);
  }

  private prepare(v: VectorizeVector): Stored {
    const idBytes = utf8Length(v.id);
    if (idBytes === 0 || idBytes > MAX_ID_BYTES) {
      throw new Error(`Vectorize: vector id must be 1 to ${MAX_ID_BYTES} bytes (UTF-8), "${v.id}" is ${idBytes}`);
    }
    if (v.namespace !== undefined && utf8Length(v.namespace) > MAX_NAMESPACE_BYTES) {
      throw new Error(`Vectorize: namespace of vector "${v.id}" exceeds ${MAX_NAMESPACE_BYTES} bytes`);
    }
    const metadataBytes = v.metadata === undefined ? 0 : utf8Length(JSON.stringify(v.metadata));
    if (metadataBytes > MAX_METADATA_BYTES) {
      throw new Error(`Vectorize: metadata of vector "${v.id}" is ${metadataBytes} bytes as JSON; the limit is ${MAX_METADATA_BYTES}`);
    }
    const stored: Stored = { id: v.id, values: this.toStoredValues(v.values, `vector "${v.id}"`) };
    if (v.namespace !== undefined) stored.namespace = v.namespace;
    if (v.metadata !== undefined) stored.metadata = structuredClone(v.metadata);
    return stored;
  }

  /** Vectorize stores float32, so values come back rounded exactly as the real service returns them. */
  private toStoredValues(values: VectorFloatArray | number[], what: string): number[] {
    if (values.length !== this.dimensions) {
      throw new Error(`Vectorize: ${what} has ${values.length} dimensions; the index has ${this.dimensions}`);
    }
    const stored = Array.from(Float32Array.from(values));
    if (!stored.every(Number.isFinite)) throw new Error(`Vectorize: ${what} contains a non-finite value`);
    return stored;
  }

  private mutation(ids: string[]): InMemoryMutation {
    this.mutations += 1;
    return { ids, count: ids.length, mutationId: `in-memory-mutation-${this.mutations}` };
  }

  private compileFilter(filter: VectorizeVectorMetadataFilter | undefined): (v: Stored) => boolean {
    if (filter === undefined) return () => true;
    const entries = Object.entries(filter);
    if (entries.length === 0) throw new Error('Vectorize: filter must be a non-empty object');
    if (utf8Length(JSON.stringify(filter)) >= MAX_FILTER_BYTES) {
      throw new Error(`Vectorize: filter must be under ${MAX_FILTER_BYTES} bytes as compact JSON`);
    }
    const checks = entries.map(([key, condition]) => {
      if (key === '' || key.startsWith('$') || key.includes('"') || key.length > 512) {
        throw new Error(`Vectorize: invalid filter key "${key}" ($and/$or are not supported; keys cannot start with $)`);
      }
      // Without an index the real service cannot filter on the property, which is easy to miss;
      // throwing makes a missing `create-metadata-index` visible in tests.
      if (!this.indexed.has(key)) {
        const known = [...this.indexed].join(', ') || 'none';
        throw new Error(`Vectorize: cannot filter on "${key}": no metadata index for it (create one with \`wrangler vectorize create-metadata-index --property-name=${key}\`). Indexed: ${known}`);
      }
      const isOperators = typeof condition === 'object' && condition !== null && !Array.isArray(condition);
      const ops: [string, unknown][] = isOperators ? Object.entries(condition) : [['$eq', condition]];
      if (ops.length === 0) throw new Error(`Vectorize: empty operator object for filter key "${key}"`);
      const tests = ops.map(([op, operand]) => compileOperator(key, op, operand));
      return (v: Stored) => {
        const actual = indexedValue(v.metadata, key);
        return tests.every((test) => test(actual));
      };
    });
    return (v) => checks.every((check) => check(v));
  }

  /** What returnMetadata 'indexed' yields: indexed properties only, long strings truncated. */
  private indexedMetadata(v: Stored): Record<string, VectorizeVectorMetadata> {
    const out: Record<string, unknown> = {};
    for (const key of this.indexed) {
      const value = indexedValue(v.metadata, key);
      if (value === null) continue;
      const path = key.split('.');
      let node = out;
      for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
      node[path.at(-1)!] = value;
    }
    return out as Record<string, VectorizeVectorMetadata>;
  }
}

function compileOperator(key: string, op: string, operand: unknown): (actual: Scalar | null) => boolean {
  switch (op) {
    case '$eq':
    case '$ne': {
      const want = filterScalar(key, op, operand);
      return op === '$eq' ? (a) => a === want : (a) => a !== want;
    }
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand)) throw new Error(`Vectorize: ${op} on "${key}" needs an array`);
      const set = new Set(operand.map((x) => filterScalar(key, op, x)));
      return op === '$in' ? (a) => set.has(a) : (a) => !set.has(a);
    }
    case '$lt':
    case '$lte':
    case '$gt':
    case '$gte': {
      if (typeof operand !== 'string' && typeof operand !== 'number') {
        throw new Error(`Vectorize: ${op} on "${key}" needs a string or number`);
      }
      const bound = filterScalar(key, op, operand) as string | number;
      // Ranges only compare like with like; a number never satisfies a string bound or vice versa.
      return (a) => {
        if (typeof a !== typeof bound) return false;
        const x = a as string | number;
        return op === '$lt' ? x < bound : op === '$lte' ? x <= bound : op === '$gt' ? x > bound : x >= bound;
      };
    }
    default:
      throw new Error(`Vectorize: unsupported filter operator "${op}" on "${key}"`);
  }
}

/** Validates a filter operand; strings are cut to 64 bytes like the indexed values they are compared with. */
function filterScalar(key: string, op: string, value: unknown): Scalar | null {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return truncateUtf8(value, MAX_INDEXED_STRING_BYTES);
  throw new Error(`Vectorize: ${op} on "${key}" needs string, number, boolean or null, got ${JSON.stringify(value)}`);
}

/**
 * The value a metadata index holds for a vector: a scalar (dot = nesting, per the docs), or null
 * when the property is missing or not a string/number/boolean. Treating missing as null means
 * `$ne` and `$nin` match vectors without the property; the docs do not say, so this is a guess.
 */
function indexedValue(metadata: Stored['metadata'], key: string): Scalar | null {
  let node: unknown = metadata;
  for (const part of key.split('.')) {
    node = typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node === 'string') return truncateUtf8(node, MAX_INDEXED_STRING_BYTES);
  return typeof node === 'number' || typeof node === 'boolean' ? node : null;
}

function metadataLevel(value: VectorizeQueryOptions['returnMetadata']): VectorizeMetadataRetrievalLevel {
  if (value === undefined || value === false) return 'none';
  if (value === true) return 'all'; // legacy boolean form
  if (value === 'none' || value === 'indexed' || value === 'all') return value;
  throw new Error(`Vectorize: returnMetadata must be 'none', 'indexed' or 'all', got ${JSON.stringify(value)}`);
}

function score(metric: VectorizeDistanceMetric, a: number[], b: number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  let squared = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
    squared += (x - y) ** 2;
  }
  if (metric === 'dot-product') return dot;
  if (metric === 'euclidean') return Math.sqrt(squared);
  // Cosine is undefined for a zero vector; score it 0 rather than NaN so sorting stays sane.
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

const encoder = new TextEncoder();

function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text; // fast path: cannot exceed the limit
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    bytes += utf8Length(ch);
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}
