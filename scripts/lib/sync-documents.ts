import { contentHashOf } from '../../src/domain/knowledge/prepare-document';
import type { DocumentAudience } from '../../src/domain/knowledge/types';
import { type AdminClient, AdminApiError } from './admin-client';
import { type SourceFile, sourceUrl } from './collect-files';
import { readDocumentFile, UnreadablePdfError } from './extract-pdf';

export interface SyncOptions {
  audience: DocumentAudience;
  /** Prepended to each file's relative path to form its document id. */
  idPrefix: string;
  baseUrl: string | null;
  tags: string[];
  /** Remove documents of this audience and id prefix whose files are gone. */
  prune: boolean;
  /** Store documents already stored under the other audience under this one (else they are refused and left as they are). */
  allowAudienceChange?: boolean;
  concurrency: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SyncSummary {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  chunks: number;
  /** status: the Worker's HTTP status, or null when the file was refused before upload (an unreadable PDF). */
  failed: { id: string; status: number | null; message: string }[];
  /** Documents stored under another audience than the one asked for: changed (when allowed) or refused. */
  audienceChanges: { id: string; from: DocumentAudience; to: DocumentAudience; changed: boolean }[];
}

/**
 * Makes the knowledge base match a set of files. Unchanged files are detected
 * by hash before anything is uploaded, so a re-run over an unchanged folder
 * sends nothing; each document is replaced atomically by the Worker.
 */
export async function syncDocuments(client: AdminClient, files: SourceFile[], options: SyncOptions): Promise<SyncSummary> {
  const summary: SyncSummary = { added: 0, updated: 0, unchanged: 0, removed: 0, chunks: 0, failed: [], audienceChanges: [] };
  const remote = new Map((await client.listDocuments()).map((document) => [document.id, document]));
  const localIds = new Set<string>();
  let done = 0;

  const uploadOne = async (file: SourceFile) => {
    const id = `${options.idPrefix}${file.relative}`;
    localIds.add(id);
    try {
      const { bytes, pages } = await readDocumentFile(file);
      const input = {
        id,
        url: options.baseUrl ? sourceUrl(options.baseUrl, file.relative) : null,
        audience: options.audience,
        tags: options.tags,
        format: file.format,
        bytes,
      };
      const existing = remote.get(id);
      // Who may read a document changes only when asked (the Worker enforces it too, with 409 audience_change).
      const audienceChange = existing && existing.audience !== options.audience ? { id, from: existing.audience, to: options.audience } : null;
      if (audienceChange && !options.allowAudienceChange) {
        summary.audienceChanges.push({ ...audienceChange, changed: false });
        return;
      }
      if (existing && existing.contentHash === (await contentHashOf({ ...input, textLayer: pages !== undefined }))) {
        summary.unchanged++;
        return;
      }
      const { bytes: raw, ...rest } = input;
      const result = await client.putDocument({ ...rest, ...(pages ? { pages } : { contentBase64: Buffer.from(raw).toString('base64') }), ...(audienceChange ? { allowAudienceChange: true } : {}) });
      if (audienceChange) summary.audienceChanges.push({ ...audienceChange, changed: true });
      summary[result.outcome]++;
      if (result.outcome !== 'unchanged') summary.chunks += result.document.chunkCount;
    } catch (error) {
      if (error instanceof UnreadablePdfError) {
        summary.failed.push({ id, status: null, message: error.message });
        return;
      }
      if (!(error instanceof AdminApiError) || error.status === 401) throw error;
      summary.failed.push({ id, status: error.status, message: error.message });
    } finally {
      options.onProgress?.(++done, files.length);
    }
  };

  const queue = [...files];
  const workers = Array.from({ length: Math.max(1, options.concurrency) }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) await uploadOne(file);
  });
  await Promise.all(workers);

  if (options.prune) {
    for (const document of remote.values()) {
      const inScope = document.audience === options.audience && document.id.startsWith(options.idPrefix);
      if (inScope && !localIds.has(document.id)) {
        await client.deleteDocument(document.id);
        summary.removed++;
      }
    }
  }
  return summary;
}
