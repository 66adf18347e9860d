/**
 * Typos in questions ("imoprt", "subscripton", "contracter") look, to a
 * rarity-weighted score, exactly like a concept the knowledge base lacks: a
 * word found nowhere, at the highest weight. That makes a missing word a poor
 * trap signal for real askers. This tells the two apart conservatively: a word
 * is a near miss of a passage word when both are long enough to misspell, start
 * with the same letter, and are one edit apart (two for long words), counting a
 * swap of neighbouring letters as one edit.
 */
export function nearMiss(word: string, candidates: Iterable<string>): string | null {
  const lower = word.toLowerCase();
  if (lower.length < 6 || /\d/.test(lower)) return null;
  const allowed = lower.length >= 9 ? 2 : 1;
  for (const candidate of candidates) {
    if (candidate.length < 6 || candidate[0] !== lower[0] || Math.abs(candidate.length - lower.length) > allowed) continue;
    if (candidate !== lower && editDistance(lower, candidate, allowed) <= allowed) return candidate;
  }
  return null;
}

/** Optimal string alignment distance (Levenshtein with adjacent swaps), giving up above `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return rowMin;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
