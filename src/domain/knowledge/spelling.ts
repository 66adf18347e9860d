/**
 * Cheap typo repair for search terms: a term that matches nothing in the
 * index is replaced by the closest indexed term (optimal string alignment
 * distance, so a swap of two letters costs one), preferring the term found
 * in more passages. Short words are left alone: at three or four letters a
 * one-letter change is usually a different word, not a typo.
 */
export interface VocabularyTerm {
  term: string;
  /** How many passages contain the term. */
  documents: number;
}

export function maxEditsFor(word: string): number {
  if (word.length < 5) return 0;
  return word.length < 8 ? 1 : 2;
}

export function correctTerm(word: string, candidates: VocabularyTerm[]): string | null {
  const allowed = maxEditsFor(word);
  if (allowed === 0) return null;
  let best: { term: string; distance: number; documents: number } | null = null;
  for (const candidate of candidates) {
    if (Math.abs(candidate.term.length - word.length) > allowed) continue;
    const distance = editDistance(word, candidate.term);
    if (distance > allowed || distance === 0) continue;
    if (!best || distance < best.distance || (distance === best.distance && candidate.documents > best.documents)) {
      best = { term: candidate.term, distance, documents: candidate.documents };
    }
  }
  return best?.term ?? null;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, table[i - 2]![j - 2]! + 1);
      table[i]![j] = value;
    }
  }
  return table[a.length]![b.length]!;
}

/** Words worth offering as corrections: those long enough to be corrected to. */
export function vocabularyOf(texts: string[]): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    for (const word of text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (word.length >= 5 && word.length <= 40 && !/^\d+$/.test(word)) words.add(word);
    }
  }
  return [...words];
}
