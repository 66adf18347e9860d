import type { ReviewedItem } from './types';

export interface DedupeOptions {
  /** Jaccard similarity of word 3-shingles at or above which two items are near-duplicates (default 0.9). */
  nearThreshold?: number;
}

export interface DedupeResult<T> {
  /** The items kept, in their input order. */
  kept: T[];
  dropped: number;
  /** Why each dropped item went, and which kept item it duplicates. */
  drops: { id: string; duplicateOf: string; reason: 'exact' | 'near' }[];
}

/** Lower-case, punctuation and symbols removed, whitespace collapsed. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Word 3-shingles; a text of fewer than three words is one shingle of itself. */
export function shingles(normalized: string): Set<string> {
  const words = normalized.split(' ').filter(Boolean);
  if (words.length < 3) return new Set(words.length > 0 ? [words.join(' ')] : []);
  const result = new Set<string>();
  for (let index = 0; index + 3 <= words.length; index++) result.add(words.slice(index, index + 3).join(' '));
  return result;
}

export function jaccard(left: Set<string>, right: Set<string>): number {
  if (left.size === 0 && right.size === 0) return 1;
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared++;
  return shared / (left.size + right.size - shared);
}

/**
 * Drops exact duplicates (same normalized question and answer) and
 * near-duplicates (shingle Jaccard of question + answer at or above the
 * threshold), keeping the newest of each group by `createdAt`, so the
 * current wording of a policy wins over an older one.
 *
 * Cost: every item is compared with every item kept so far, O(n²) set
 * comparisons; fine up to a few thousand items (a few seconds at worst).
 * Beyond that, switch to MinHash with locality-sensitive hashing.
 */
export function dedupeItems<T extends Pick<ReviewedItem, 'id' | 'question' | 'finalAnswer' | 'createdAt'>>(
  items: readonly T[],
  options: DedupeOptions = {},
): DedupeResult<T> {
  const threshold = options.nearThreshold ?? 0.9;
  const newestFirst = items
    .map((item, index) => ({ item, index, time: timeOf(item.createdAt) }))
    // Newest first; ties broken by id so the result does not depend on input order.
    .sort((a, b) => b.time - a.time || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));

  const kept: { item: T; index: number; key: string; shingles: Set<string> }[] = [];
  const exact = new Map<string, string>();
  const drops: DedupeResult<T>['drops'] = [];
  for (const { item, index } of newestFirst) {
    const question = normalizeText(item.question);
    const answer = normalizeText(item.finalAnswer);
    const key = `${question}\u0000${answer}`;
    const exactOf = exact.get(key);
    if (exactOf !== undefined) {
      drops.push({ id: item.id, duplicateOf: exactOf, reason: 'exact' });
      continue;
    }
    const itemShingles = shingles(`${question} ${answer}`);
    const near = kept.find((other) => jaccard(itemShingles, other.shingles) >= threshold);
    if (near) {
      drops.push({ id: item.id, duplicateOf: near.item.id, reason: 'near' });
      continue;
    }
    exact.set(key, item.id);
    kept.push({ item, index, key, shingles: itemShingles });
  }
  return { kept: kept.sort((a, b) => a.index - b.index).map((entry) => entry.item), dropped: drops.length, drops };
}

function timeOf(createdAt: string): number {
  const time = Date.parse(createdAt);
  // An unreadable date counts as oldest: it never displaces a dated item.
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}
