import { queryTerms } from './query-terms';

/**
 * An FTS5 MATCH expression for a chat question: its meaningful terms ORed,
 * each quoted so that user input can never be read as FTS5 query syntax
 * (NEAR, column filters, parentheses). BM25 then rewards passages that match
 * more, and rarer, terms. Null when the question has no searchable words.
 */
export function ftsMatchExpression(text: string): string | null {
  const terms = queryTerms(text);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term.replace(/"/g, '""')}"`).join(' OR ');
}
