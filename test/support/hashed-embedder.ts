import type { Embedder } from '../../src/domain/knowledge/ports';

/**
 * A deterministic in-process Embedder for tests: a hashed bag of words,
 * L2-normalised, so texts that share words are close. Records every call.
 */
export class HashedEmbedder implements Embedder {
  readonly model = 'hashed-bag-of-words';
  readonly calls: string[][] = [];

  constructor(readonly dimensions = 64) {}

  async embed(texts: string[]): Promise<number[][]> {
    this.calls.push(texts);
    return texts.map((text) => this.vector(text));
  }

  private vector(text: string): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      let hash = 2166136261;
      for (const char of word) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
      vector[hash % this.dimensions]! += 1;
    }
    const norm = Math.hypot(...vector) || 1;
    return vector.map((value) => value / norm);
  }
}
