import type { StoredChunk } from '../../domain/knowledge/ports';
import type { DocumentAudience } from '../../domain/knowledge/types';

/** Columns selected wherever a chunk is read back with its document's URL. */
export const CHUNK_COLUMNS =
  'c.id, c.document_id, c.ordinal, c.audience, c.title, c.heading_path, c.body, c.token_count, d.url';

export interface ChunkRow {
  id: string;
  document_id: string;
  ordinal: number;
  audience: DocumentAudience;
  title: string;
  heading_path: string;
  body: string;
  token_count: number;
  url: string | null;
}

export const HEADING_SEPARATOR = ' > ';

export function chunkFromRow(row: ChunkRow): StoredChunk {
  return {
    id: row.id,
    documentId: row.document_id,
    ordinal: row.ordinal,
    audience: row.audience,
    title: row.title,
    headingPath: row.heading_path.split(HEADING_SEPARATOR),
    text: row.body,
    tokenCount: row.token_count,
    url: row.url,
  };
}

/** `?, ?, ?` for an IN list. D1 allows at most 100 bound parameters per statement. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** Embeddings are stored as little-endian float32 BLOBs: 4 bytes a dimension. */
export function encodeVector(vector: number[]): ArrayBuffer {
  return new Float32Array(vector).buffer as ArrayBuffer;
}

export function decodeVector(blob: ArrayBuffer | Uint8Array | number[]): Float32Array {
  if (blob instanceof ArrayBuffer) return new Float32Array(blob);
  const bytes = blob instanceof Uint8Array ? blob : Uint8Array.from(blob);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
