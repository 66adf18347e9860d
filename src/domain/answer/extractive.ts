import type { Passage } from './types';

/**
 * The extractive reply: when no model is configured, the bot quotes the
 * best passages verbatim with their sources, and says so. It never
 * paraphrases, so it cannot misstate the knowledge base; its weakness is
 * only that the quote may not be the answer, which confidence reflects.
 */
export const EXTRACTIVE_LABEL = 'From the knowledge base (quoted as written, not composed by a model):';

/** A second passage is quoted too when it scores nearly as well as the first. */
const SECOND_PASSAGE_RATIO = 0.85;
const MAX_QUOTE_CHARS = 1200;

export function extractiveReply(passages: Passage[]): { answer: string; citations: Passage[] } {
  const [first, second] = passages;
  if (!first) return { answer: '', citations: [] };
  const cited = second && second.score >= first.score * SECOND_PASSAGE_RATIO && second.documentId === first.documentId ? [first, second] : [first];
  const quotes = cited.map((passage) => `${quote(passage.text)}\n— ${sourceLine(passage)}`);
  return { answer: `${EXTRACTIVE_LABEL}\n\n${quotes.join('\n\n')}`, citations: cited };
}

function quote(text: string): string {
  const clipped = text.length > MAX_QUOTE_CHARS ? `${text.slice(0, MAX_QUOTE_CHARS).replace(/\s+\S*$/, '')} …` : text;
  return clipped
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

export function sourceLine(passage: Passage): string {
  const path = passage.headingPath.join(' › ');
  return passage.url ? `[${path}](${passage.url})` : path;
}
