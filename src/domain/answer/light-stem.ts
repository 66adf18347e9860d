/**
 * A deliberately light English suffix stripper for comparing words between
 * a question and a passage ("refunds" ~ "refunded" ~ "refund"). It only has to
 * be consistent with itself, not linguistically right.
 */
const SUFFIXES = ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 'ly', 's'];

export function lightStem(word: string): string {
  const lower = word.toLowerCase();
  for (const suffix of SUFFIXES) {
    if (lower.length - suffix.length >= 3 && lower.endsWith(suffix)) {
      const stem = lower.slice(0, -suffix.length);
      return suffix === 'ies' || suffix === 'ied' ? `${stem}y` : stem;
    }
  }
  return lower;
}

/** The stems of a text's words, as a set. */
export function stemSet(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(lightStem));
}
