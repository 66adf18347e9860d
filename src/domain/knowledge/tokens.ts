/**
 * A fast token estimate for sizing chunks. English BPE tokenizers spend about
 * 1.3 tokens per word and roughly one per punctuation mark; this is close
 * enough to keep chunks in a target range. Prompt budgets, where exceeding a
 * window is an error, must use a real tokenizer instead.
 */
export function estimateTokens(text: string): number {
  let words = 0;
  let marks = 0;
  for (const _ of text.matchAll(/[\p{L}\p{N}]+/gu)) words++;
  for (const _ of text.matchAll(/[^\s\p{L}\p{N}]/gu)) marks++;
  return Math.ceil(words * 1.3 + marks * 0.6);
}
