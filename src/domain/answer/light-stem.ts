/**
 * A deliberately light English suffix stripper for comparing words between
 * a question and a passage ("refunds" ~ "refunded" ~ "refund"). It only has to
 * be consistent with itself, not linguistically right.
 */
const SUFFIXES = ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ied', 'ers', 'er', 'ed', 'ly'];

export function lightStem(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length > 4 && lower.endsWith('ies')) return `${lower.slice(0, -3)}y`;
  // "boxes", "matches", "classes" lose "es"; "employees", "names" only "s".
  if (lower.length > 4 && /(?:s|x|z|ch|sh)es$/.test(lower)) return stripSuffixes(lower.slice(0, -2));
  if (lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss')) return stripSuffixes(lower.slice(0, -1));
  return stripSuffixes(lower);
}

function stripSuffixes(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) {
      const stem = word.slice(0, -suffix.length);
      return suffix === 'ied' ? `${stem}y` : stem;
    }
  }
  return word;
}

/** The stems of a text's words, as a set. */
export function stemSet(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(lightStem));
}
