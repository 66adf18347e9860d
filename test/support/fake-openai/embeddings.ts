// Deterministic embeddings for the fake OpenAI server.
//
// Platform-free on purpose (no Buffer, no node:*): only server.ts needs Node, so
// this module can be reused from Workers-side tests if ever needed.

/** Words too common to say anything about a text's topic; dropping them keeps
 * "How do I reset my password?" close to "password reset" rather than to every
 * other question that starts with "how do I". */
const STOP_WORDS = new Set(
  (
    'a an the and or but of to in on at by for from with as is are was were be been being it its this that these those ' +
    'i me my we our you your he she they them their do does did how what which who whom can could should would will shall ' +
    'about into than then there here so if'
  ).split(' '),
);

/** How many dimensions each word is spread over. More than one makes a single
 * hash collision matter less; a handful keeps vectors sparse enough that texts
 * sharing no words stay near-orthogonal. */
const SLOTS_PER_WORD = 3;

export const DEFAULT_DIMENSIONS = 64;

/** Lower-cased words (Unicode letters and digits) with stop words removed. */
export function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w));
}

/** 32-bit FNV-1a: tiny, dependency-free and stable across runs and platforms. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A hashed bag-of-words embedding ("feature hashing"):
 *  1. lower-case the text, split it into words, drop stop words;
 *  2. hash every word occurrence into SLOTS_PER_WORD dimensions, each with a
 *     hash-derived sign of +1 or -1 (signed hashing keeps collisions between
 *     unrelated words unbiased: they cancel out on average instead of piling up);
 *  3. L2-normalise, as OpenAI's embeddings are, so a dot product is a cosine.
 * Texts sharing words therefore share non-zero coordinates and score a higher
 * cosine similarity than texts that share none, which is what retrieval tests
 * need. A text with no content words embeds as a fixed "empty" word so it never
 * yields a zero (unnormalisable) vector.
 *
 * Returned as a Float32Array because that is what the real API serves: both
 * encodings are derived from these exact float32 values, so 'float' and
 * 'base64' decode to identical numbers.
 */
export function embed(text: string, dimensions: number = DEFAULT_DIMENSIONS): Float32Array {
  const words = contentWords(text);
  const vector = new Float64Array(dimensions);
  for (const word of words.length > 0 ? words : ['\u0000empty']) {
    for (let slot = 0; slot < SLOTS_PER_WORD; slot++) {
      const h = fnv1a(`${slot}:${word}`);
      const sign = (h >>> 31) & 1 ? -1 : 1;
      vector[h % dimensions]! += sign;
    }
  }
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  // Every slot of a lone word can collide and cancel in tiny dimensions; fall
  // back to a fixed unit vector rather than dividing by zero.
  if (norm === 0) {
    vector[0] = 1;
    norm = 1;
  }
  return Float32Array.from(vector, (x) => x / norm);
}

/**
 * OpenAI's `encoding_format: 'base64'`: the raw bytes of the float32 vector in
 * little-endian order, base64-encoded. DataView pins the byte order explicitly
 * instead of trusting the host's. The SDK decodes with
 * `new Float32Array(Buffer.from(s, 'base64').buffer)` (native order, which is
 * little-endian on every platform Node runs on).
 */
export function toBase64Float32(values: Float32Array): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  let binary = '';
  for (let i = 0; i < view.byteLength; i++) binary += String.fromCharCode(view.getUint8(i));
  return btoa(binary);
}

export type EncodingFormat = 'float' | 'base64';

export interface EmbeddingsResponseBody {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** Approximates tokens as words (stop words included): the fake has no tokenizer. */
export function approximateTokens(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

/** Builds the `/v1/embeddings` response body; `override` replaces the computed
 * vectors (a scripted reply) but is still encoded as requested. */
export function embeddingsResponse(
  inputs: string[],
  model: string,
  dimensions: number,
  encoding: EncodingFormat,
  override?: number[][],
): EmbeddingsResponseBody {
  const data = inputs.map((text, index) => {
    const vector = override?.[index] ? Float32Array.from(override[index]) : embed(text, dimensions);
    // Array.from(Float32Array) yields the exact doubles of the float32 values,
    // and JSON round-trips doubles exactly, so 'float' matches decoded 'base64'.
    const embedding = encoding === 'base64' ? toBase64Float32(vector) : Array.from(vector);
    return { object: 'embedding' as const, index, embedding };
  });
  const tokens = inputs.reduce((sum, text) => sum + approximateTokens(text), 0);
  return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}
