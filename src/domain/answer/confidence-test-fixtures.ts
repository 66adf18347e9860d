import type { Passage } from './types';

/** A retrieved passage for unit tests: label P{n}, lexical rank n. */
export function passage(n: number, headingPath: string[], text: string, score = 10 - n): Passage {
  return {
    label: `P${n}`,
    chunkId: `chunk-${n}`,
    documentId: `${headingPath[0]!.toLowerCase().replace(/\W+/g, '-')}.md`,
    title: headingPath[0]!,
    headingPath,
    text,
    url: null,
    score,
    ranks: { lexical: n },
  };
}
