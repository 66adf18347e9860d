import type { Chunk, DocumentAudience, KnowledgeDocument } from './types';

/** A chunk as the store returns it for a search hit: with its document's citation URL. */
export interface StoredChunk extends Chunk {
  url: string | null;
}

/** A chunk ready to store: with its embedding when an embedder is configured. */
export interface ChunkToStore extends Chunk {
  embedding: number[] | null;
}

/**
 * Documents and their chunks: the source of truth every index is derived from.
 */
export interface DocumentStore {
  /** One document's metadata, or null when it does not exist. */
  get(id: string): Promise<KnowledgeDocument | null>;
  /** All documents' metadata, ordered by id. */
  list(): Promise<KnowledgeDocument[]>;
  /**
   * Replaces a document and all of its chunks in one transaction (lexical
   * index rows included): readers see either the old version or the new one,
   * never a mix, and a failure leaves the old version searchable.
   * Returns the ids of the chunks that were replaced.
   */
  replace(document: KnowledgeDocument, chunks: ChunkToStore[]): Promise<{ previousChunkIds: string[] }>;
  /** Deletes a document and its chunks; null when there was no such document. */
  delete(id: string): Promise<{ chunkIds: string[] } | null>;
  /** The chunks with these ids that still exist (ids of deleted chunks are absent). */
  getChunks(ids: string[]): Promise<Map<string, StoredChunk>>;
}

export interface IndexQuery {
  /** The user's words, as typed. */
  text: string;
  /** The query embedding, for semantic indexes. */
  vector?: number[];
  /** Only chunks of these audiences may be returned; applied inside the index query. */
  audiences: DocumentAudience[];
  limit: number;
}

export interface IndexMatch {
  chunkId: string;
  /** Higher is better, comparable within one index's result list only. */
  score: number;
  /** Present when the index could return the chunk itself at no extra cost. */
  chunk?: StoredChunk;
}

/** Something that finds chunks for a query: lexical (FTS5) or semantic (vectors). */
export interface KnowledgeIndex {
  readonly kind: 'lexical' | 'semantic';
  search(query: IndexQuery): Promise<IndexMatch[]>;
}

export interface VectorEntry {
  id: string;
  vector: number[];
  audience: DocumentAudience;
  documentId: string;
}

/**
 * A semantic index kept outside the document store (Vectorize), so it must be
 * written separately. Writes are idempotent by chunk id.
 */
export interface ExternalVectorIndex extends KnowledgeIndex {
  upsert(entries: VectorEntry[]): Promise<void>;
  deleteByIds(ids: string[]): Promise<void>;
}

/** Turns texts into embedding vectors (an OpenAI-compatible endpoint in production). */
export interface Embedder {
  readonly model: string;
  /** One vector per text, in order. Throws on failure; callers decide how to degrade. */
  embed(texts: string[]): Promise<number[][]>;
}

/** Extracts the text layer of a PDF, one string per page. */
export type PdfTextExtractor = (bytes: Uint8Array) => Promise<string[]>;
