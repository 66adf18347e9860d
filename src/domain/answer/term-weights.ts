import { queryTerms } from '../knowledge/query-terms';
import { lightStem } from './light-stem';

/**
 * How many passages the reader may see, and in how many of them each
 * question word occurs: the knowledge base's own measure of how rare a word
 * is. Null when the index cannot say (then every word weighs the same).
 */
export interface TermStatistics {
  passages: number;
  frequencies: Record<string, number>;
}

/** A question's content words (stemmed, distinct) with their rarity weights. */
export interface WeightedTerms {
  terms: string[];
  weight: Map<string, number>;
  /** A stem's word as the asker wrote it, for reasons a person reads ("refunds", not "refund"). */
  word: Map<string, string>;
  /** Sum of all weights: the mass a passage answering every word would cover. */
  total: number;
  /** The weight of a word found nowhere, for normalising a weight into [0, 1]. */
  ceiling: number;
}

/**
 * Inverse document frequency, log((N + 1) / (df + 0.5)), floored at a small
 * positive value so a word in every passage still counts a little. A word
 * that is in no passage gets the ceiling: it is the rarest there is, and a
 * question that hinges on it (a product the company does not sell) is the
 * trap the weights are there to catch.
 */
export function weightTerms(question: string, statistics: TermStatistics | null): WeightedTerms {
  const raw = queryTerms(question);
  const weight = new Map<string, number>();
  const word = new Map<string, string>();
  const ceiling = statistics ? Math.log((statistics.passages + 1) / 0.5) : 1;
  for (const written of raw) {
    const stem = lightStem(written);
    if (!word.has(stem)) word.set(stem, written);
    const frequency = statistics?.frequencies[written];
    const value = statistics ? Math.max(0.1, Math.log((statistics.passages + 1) / ((frequency ?? 0) + 0.5))) : 1;
    // Two spellings of one stem ("refund", "refunds"): the rarer reading wins.
    weight.set(stem, Math.max(weight.get(stem) ?? 0, Math.min(value, ceiling)));
  }
  const terms = [...weight.keys()];
  return { terms, weight, word, total: terms.reduce((sum, term) => sum + weight.get(term)!, 0), ceiling };
}

/** Weighted share of the question's words found in a set of stems, in [0, 1]. */
export function weightedShare(weighted: WeightedTerms, stems: Set<string>): number {
  if (weighted.total === 0) return 0;
  let found = 0;
  for (const term of weighted.terms) if (stems.has(term)) found += weighted.weight.get(term)!;
  return found / weighted.total;
}
