import { queryTerms } from './query-terms';
import type { DocumentAudience } from './types';

/**
 * An FTS5 MATCH expression for a chat question, restricted to the audiences
 * the reader may see: `audience : (public) AND {title sections body} :
 * ("term" OR ...)`. Terms are ORed so BM25 rewards passages that match more,
 * and rarer, terms; each is quoted so user input can never be read as FTS5
 * syntax (NEAR, column filters, parentheses). Null when the question has no
 * searchable words or the reader may see nothing.
 */
export function ftsMatchExpression(text: string, audiences: readonly DocumentAudience[]): string | null {
  return ftsMatchForTerms(queryTerms(text), audiences);
}

/** The same, for terms already extracted (and perhaps repaired) by the caller. */
export function ftsMatchForTerms(terms: readonly string[], audiences: readonly DocumentAudience[]): string | null {
  if (terms.length === 0 || audiences.length === 0) return null;
  const words = terms.map(quote).join(' OR ');
  return `audience : (${audiences.map(quote).join(' OR ')}) AND {title sections body} : (${words})`;
}

export function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}
