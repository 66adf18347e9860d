import { type DocumentInput, contentHashOf, prepareDocument } from './prepare-document';
import type { ChunkToStore, DocumentStore, Embedder, ExternalVectorIndex, PdfTextExtractor } from './ports';
import { KnowledgeInputError } from './errors';
import type { Chunk, DocumentAudience, KnowledgeDocument } from './types';

export interface KnowledgeBaseDependencies {
  store: DocumentStore;
  /** Null in the Worker, which refuses raw PDFs (the ingest CLI extracts them); tests and Node tools may pass one. */
  extractPdf: PdfTextExtractor | null;
  /** Null when no embeddings endpoint is configured: lexical search only. */
  embedder: Embedder | null;
  /** Set in production (Vectorize); null when vectors live in the store itself. */
  externalVectors: ExternalVectorIndex | null;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export type PutOutcome = 'added' | 'updated' | 'unchanged';

export interface PutOptions {
  /** Storing a document under another audience than it has must be asked for (see put). */
  allowAudienceChange?: boolean;
}

export interface PutResult {
  outcome: PutOutcome;
  document: KnowledgeDocument;
  /** The audience the document had before, when this put changed it. */
  audienceChangedFrom?: DocumentAudience;
}

/** Texts sent to the embedder per request; endpoints cap the batch size. */
const EMBEDDING_BATCH = 64;

/**
 * Adds, replaces and removes documents. Replacing is ordered so that search
 * never sees a half-written version: new vectors are written first under new
 * chunk ids (invisible until the store points at them), then the store swaps
 * the document and its lexical rows in one transaction, then the old vectors
 * are deleted. A failure at any step leaves the previous version searchable.
 */
export class KnowledgeBase {
  constructor(private readonly deps: KnowledgeBaseDependencies) {}

  list(): Promise<KnowledgeDocument[]> {
    return this.deps.store.list();
  }

  get(id: string): Promise<KnowledgeDocument | null> {
    return this.deps.store.get(id);
  }

  /**
   * Adds or replaces a document. Replacing one under another audience is
   * refused unless `allowAudienceChange` says so: an internal handbook page
   * re-ingested as public would otherwise reach customers silently (and a
   * public page made internal would vanish from their answers).
   */
  async put(input: DocumentInput, options: PutOptions = {}): Promise<PutResult> {
    const existing = await this.deps.store.get(input.id);
    const changesAudience = existing !== null && existing.audience !== input.audience;
    if (changesAudience && !options.allowAudienceChange) {
      throw new KnowledgeInputError(
        'audience_change',
        `This document is stored as ${existing.audience}; storing it as ${input.audience} would change who can read it (${existing.audience} → ${input.audience}). Allow the audience change to do it.`,
        'audience',
      );
    }
    if (existing && existing.contentHash === (await contentHashOf(input))) return { outcome: 'unchanged', document: existing };

    const { document, chunks } = await prepareDocument(input, this.deps.extractPdf);
    const embeddings = await this.embed(chunks);
    const external = this.deps.externalVectors;
    if (external && embeddings) {
      await external.upsert(
        chunks.map((chunk, index) => ({ id: chunk.id, vector: embeddings[index]!, audience: chunk.audience, documentId: chunk.documentId })),
      );
    }
    const toStore: ChunkToStore[] = chunks.map((chunk, index) => ({ ...chunk, embedding: embeddings?.[index] ?? null }));
    const { previousChunkIds } = await this.deps.store.replace(document, toStore);
    const newIds = new Set(chunks.map((chunk) => chunk.id));
    await this.dropVectors(previousChunkIds.filter((id) => !newIds.has(id)));
    return { outcome: existing ? 'updated' : 'added', document, ...(changesAudience ? { audienceChangedFrom: existing.audience } : {}) };
  }

  async delete(id: string): Promise<boolean> {
    const removed = await this.deps.store.delete(id);
    if (!removed) return false;
    await this.dropVectors(removed.chunkIds);
    return true;
  }

  private async embed(chunks: Chunk[]): Promise<number[][] | null> {
    const embedder = this.deps.embedder;
    if (!embedder) return null;
    const vectors: number[][] = [];
    for (let start = 0; start < chunks.length; start += EMBEDDING_BATCH) {
      const batch = chunks.slice(start, start + EMBEDDING_BATCH);
      vectors.push(...(await embedder.embed(batch.map(embeddingText))));
    }
    return vectors;
  }

  /**
   * Stale vectors are harmless to search (hits are joined against the store,
   * which no longer has those chunks) but waste top-k slots, so a failed
   * delete is logged for a later clean-up rather than failing the request.
   */
  private async dropVectors(ids: string[]): Promise<void> {
    if (!this.deps.externalVectors || ids.length === 0) return;
    try {
      await this.deps.externalVectors.deleteByIds(ids);
    } catch (error) {
      this.deps.log?.('stale-vectors-kept', { count: ids.length, error: String(error) });
    }
  }
}

/** What is embedded: the heading path gives a short passage its context. */
export function embeddingText(chunk: Chunk): string {
  return `${chunk.headingPath.join(' > ')}\n\n${chunk.text}`;
}
