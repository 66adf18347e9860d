/**
 * Who may read a document. `internal` documents are for employees only;
 * `public` documents may be shown to anyone, customers included.
 */
export type DocumentAudience = 'internal' | 'public';
export const DOCUMENT_AUDIENCES: readonly DocumentAudience[] = ['internal', 'public'];

/**
 * Who is searching. An `internal` reader (an employee) sees internal and
 * public documents; a `public` reader (a customer) sees public documents only.
 */
export type ReaderAudience = DocumentAudience;

export function visibleAudiences(reader: ReaderAudience): DocumentAudience[] {
  return reader === 'internal' ? ['internal', 'public'] : ['public'];
}

export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf';
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['markdown', 'text', 'html', 'pdf'];

/** A document as stored: metadata plus the hash of what was indexed. */
export interface KnowledgeDocument {
  /** Stable id: the source path or URL the document came from. */
  id: string;
  title: string;
  url: string | null;
  audience: DocumentAudience;
  tags: string[];
  format: DocumentFormat;
  /** Hash of the raw content, metadata and indexing version; equal hash means nothing to do. */
  contentHash: string;
  chunkCount: number;
  bytes: number;
  updatedAt: string;
}

/** One retrievable passage of a document. */
export interface Chunk {
  /** Short, stable for identical content; changes when the content changes. */
  id: string;
  documentId: string;
  ordinal: number;
  audience: DocumentAudience;
  title: string;
  /** Headings from the document title down, e.g. ["Benefits & Perks", "Summer Hours"]. */
  headingPath: string[];
  text: string;
  tokenCount: number;
}

/** A chunk found by a search, with what found it. */
export interface SearchHit {
  chunk: Chunk;
  url: string | null;
  /** Higher is better; comparable only within one result list. */
  score: number;
  /** Rank (1-based) in each retriever that found it, for debugging and confidence. */
  ranks: { lexical?: number; semantic?: number };
}
