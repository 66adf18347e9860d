/**
 * A reproducible synthetic knowledge base for scale measurements: documents
 * of ten sections each, with words drawn from a Zipf-like distribution over a
 * fixed vocabulary, so term frequencies look like real text (a few very
 * common words, a long tail of rare ones) and every section is one chunk.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qui', 'dor', 'fen', 'gal', 'hus', 'jor', 'bel', 'cra', 'wix', 'yam'];

export class SyntheticCorpus {
  private readonly vocabulary: string[];
  private readonly cumulative: number[];

  constructor(
    private readonly random: () => number,
    vocabularySize = 8000,
  ) {
    const words = new Set<string>();
    while (words.size < vocabularySize) {
      const length = 2 + Math.floor(random() * 3);
      words.add(Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''));
    }
    this.vocabulary = [...words];
    let total = 0;
    this.cumulative = this.vocabulary.map((_, rank) => (total += 1 / (rank + 1)));
  }

  word(): string {
    const target = this.random() * this.cumulative[this.cumulative.length - 1]!;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return this.vocabulary[low]!;
  }

  words(count: number): string {
    return Array.from({ length: count }, () => this.word()).join(' ');
  }

  /** A Markdown document of `sections` sections of about `wordsPerSection` words. */
  document(index: number, sections = 10, wordsPerSection = 120): string {
    const lines = [`# Synthetic document ${index} ${this.words(2)}`];
    for (let section = 0; section < sections; section++) {
      lines.push('', `## ${this.words(3)}`, '', `${this.words(wordsPerSection)}.`);
    }
    return lines.join('\n');
  }
}
