import type { GoldSection } from './questions';

export interface RankedPassage {
  /** The document id: the source path relative to the corpus folder. */
  documentId: string;
  headingPath: string[];
  score: number;
}

/**
 * A passage is a hit when it comes from a gold file and its heading path
 * contains the gold section (case-insensitive). Returns the 1-based rank of
 * the first hit, or null.
 */
export function firstHitRank(passages: RankedPassage[], gold: GoldSection[]): number | null {
  const index = passages.findIndex((passage) => {
    const path = passage.headingPath.join(' > ').toLowerCase();
    return gold.some((entry) => entry.file === passage.documentId && path.includes(entry.section.trim().toLowerCase()));
  });
  return index === -1 ? null : index + 1;
}

export interface RankFigures {
  'hit@1': number;
  'hit@3': number;
  'hit@5': number;
  'hit@10': number;
  mrr: number;
}

export function rankFigures(ranks: (number | null)[]): RankFigures {
  const count = Math.max(ranks.length, 1);
  const within = (k: number) => ranks.filter((rank) => rank !== null && rank <= k).length / count;
  return {
    'hit@1': within(1),
    'hit@3': within(3),
    'hit@5': within(5),
    'hit@10': within(10),
    mrr: ranks.reduce<number>((sum, rank) => sum + (rank ? 1 / rank : 0), 0) / count,
  };
}

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1]!;
}

/**
 * Area under the ROC curve: the probability that a random positive scores
 * above a random negative, ties counting half. 0.5 is chance, 1 is perfect.
 * Null when either class is empty.
 */
export function auroc(positives: number[], negatives: number[]): number | null {
  if (positives.length === 0 || negatives.length === 0) return null;
  let wins = 0;
  for (const positive of positives) {
    for (const negative of negatives) wins += positive > negative ? 1 : positive === negative ? 0.5 : 0;
  }
  return wins / (positives.length * negatives.length);
}
