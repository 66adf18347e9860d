import { STOP_WORDS } from './stop-words';

/**
 * The words of a chat question that can match a passage: lower-cased, split
 * on anything that is not a letter or digit, stop words dropped (unless that
 * leaves nothing), duplicates removed, capped so one pasted essay cannot make
 * a huge query.
 */
export function queryTerms(text: string, maxTerms = 32): string[] {
  const words = (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? []).map((word) =>
    word.replace(/'s$/, ''),
  );
  const meaningful = words.filter((word) => !STOP_WORDS.has(word) && !STOP_WORDS.has(word.replace(/'/g, '')));
  const chosen = meaningful.length > 0 ? meaningful : words;
  return [...new Set(chosen.map((word) => word.replace(/'/g, '')).filter((word) => word.length > 0))].slice(0, maxTerms);
}
