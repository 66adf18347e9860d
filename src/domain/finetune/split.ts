import { fnv1a32 } from './hash';

export interface SplitOptions {
  seed: string;
  /** Share of items for validation, from 0 up to (not including) 1. Default 0.1. */
  fraction?: number;
}

export interface Split<T> {
  training: T[];
  validation: T[];
}

const TWO_TO_32 = 2 ** 32;

/**
 * A stable, seeded validation split: an item goes to validation when
 * FNV-1a(seed + ':' + id) / 2^32 < fraction. Each item's side depends only on
 * the seed and its own id, so input order does not matter and adding items
 * later never moves an existing one across (a model is never validated on
 * examples it was trained on in an earlier run with the same seed).
 *
 * With 10 or more items and a fraction above 0, at least one goes to validation (the one with the
 * smallest hash), so there is always something to validate on.
 */
export function splitItems<T extends { id: string }>(items: readonly T[], options: SplitOptions): Split<T> {
  const fraction = options.fraction ?? 0.1;
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError('fraction must be at least 0 and below 1');
  const scored = items.map((item) => ({ item, score: fnv1a32(`${options.seed}:${item.id}`) / TWO_TO_32 }));
  const inValidation = new Set(scored.filter((entry) => entry.score < fraction).map((entry) => entry.item));
  if (inValidation.size === 0 && fraction > 0 && items.length >= 10) {
    // Smallest score, ties by id: independent of input order.
    const first = scored.reduce((best, entry) =>
      entry.score < best.score || (entry.score === best.score && entry.item.id < best.item.id) ? entry : best,
    );
    inValidation.add(first.item);
  }
  return {
    training: items.filter((item) => !inValidation.has(item)),
    validation: items.filter((item) => inValidation.has(item)),
  };
}
