/** Words compared per text: longer replies are compared on their first words only. */
export const EDIT_SIZE_MAX_WORDS = 200;

/**
 * How much staff changed a draft: the word-level Levenshtein distance
 * (insertions, deletions and substitutions of whole words) divided by the
 * longer text's word count, so 0 means unchanged and 1 means every word
 * replaced. Words are split on whitespace and compared exactly (case and
 * punctuation count, whitespace does not). Each text is capped at
 * EDIT_SIZE_MAX_WORDS words, which bounds the cost at 200 × 200 cells per
 * review; beyond that the figure describes the first 200 words.
 */
export function editSize(draft: string, final: string): number {
  const a = words(draft);
  const b = words(final);
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0;
  return levenshtein(a, b) / longer;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean).slice(0, EDIT_SIZE_MAX_WORDS);
}

/** Two rows of the classic dynamic programme. */
function levenshtein(a: string[], b: string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}
