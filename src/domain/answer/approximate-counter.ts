import type { TokenCounter } from './chat-model';

/**
 * The pieces OpenAI's tokenizers split text into before merging bytes
 * (cl100k_base's pre-tokenizer, which o200k_base refines): a token never
 * crosses a piece boundary, so a text's tokens are the sum of its pieces'.
 */
const PIECE = /'(?:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/giu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]/u;
const LETTER = /[\p{L}\p{M}]/u;
const DIGIT = /\p{N}/u;
const encoder = new TextEncoder();

/**
 * A token count that errs high, without the tokenizer's rank tables (2.2 MB,
 * and half a second of CPU to load, which the Worker cannot afford). Each
 * piece is charged what its kind of text costs at most in cl100k_base and
 * o200k_base, as measured on the knowledge corpora, this repository's code,
 * random base64/hex identifiers and CJK, Cyrillic, Arabic, Devanagari, Thai
 * and Greek samples (src/adapters/openai/approximate-counter.test.ts checks
 * it): a word of up to five letters is a token, a longer one a token per
 * four letters; capitals, consonant runs and letters wedged between digits
 * (hex, base64) a token per letter and a third; one to three digits a token;
 * an ideograph a token and a quarter; other scripts a token per byte and a
 * half. Never more than the UTF-8 byte count, which bounds any byte-level
 * BPE. English prose comes out about 1.5x the exact count, code 1.6x.
 */
export class ApproximateCounter implements TokenCounter {
  count(text: string): number {
    if (text.length === 0) return 0;
    let tokens = 0;
    for (const match of text.matchAll(PIECE)) {
      const piece = match[0];
      const end = match.index + piece.length;
      // Letters glued to digits are identifiers, hashes or base64: no dictionary words.
      const glued = DIGIT.test(text[match.index - 1] ?? '') || DIGIT.test(text[end] ?? '');
      tokens += Math.min(encoder.encode(piece).length, pieceTokens(piece, glued));
    }
    return tokens;
  }
}

function pieceTokens(piece: string, glued: boolean): number {
  if (DIGIT.test(piece[0]!) && /^\p{N}+$/u.test(piece)) return 1;
  if (/^\s+$/u.test(piece)) return whitespaceTokens(piece);
  const word = /^([^\p{L}\p{N}]?)([a-zA-Z]+)$/u.exec(piece);
  if (word) {
    const lead = word[1] && word[1] !== ' ' ? 1 : 0;
    // camelCase and random mixed case (base64) alike: each hump is a word of its own.
    const letters = word[2]!;
    const humps = letters.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
    // Many short humps is random text (base64, keys), not camelCase: it tokenizes about a token per 1.3 letters.
    if (humps.length >= 3 && letters.length / humps.length < 3.5) return lead + Math.ceil(letters.length * 0.8);
    return lead + humps.reduce((sum, hump) => sum + wordTokens(hump, glued), 0);
  }
  if (/^[ -~]+$/.test(piece)) {
    // ASCII punctuation (an optional space merges into it): short runs are one token.
    const marks = piece.replace(/^ /, '').length;
    return marks <= 2 ? 1 : Math.ceil(marks * 0.7);
  }
  let tokens = 0;
  for (const char of piece) {
    if (CJK.test(char)) tokens += 1.25;
    else if (char.charCodeAt(0) < 0x80) tokens += 1;
    else tokens += encoder.encode(char).length / (LETTER.test(char) ? 1.5 : 1);
  }
  return Math.ceil(tokens);
}

/** Latin letters: dictionary words are one token up to about six letters. */
function wordTokens(letters: string, glued: boolean): number {
  const length = letters.length;
  if (length <= 2) return 1;
  const unusual = glued || /^[A-Z]+$/.test(letters) || !/[aeiouy]/i.test(letters) || /[^aeiouy]{4}/i.test(letters);
  if (unusual) return Math.ceil(length * 0.75);
  return length <= 5 ? 1 : Math.ceil(length / 4);
}

/** Runs of spaces or of newlines are single tokens; each change between them starts another. */
function whitespaceTokens(space: string): number {
  const runs = space.match(/[\r\n]+|[^\r\n]+/g)?.length ?? 1;
  return runs + Math.floor(space.length / 32);
}
