import type { ParsedDocument } from './blocks';
import { type ChunkingOptions, chunkBlocks, DEFAULT_CHUNKING } from './chunker';
import { KnowledgeInputError } from './errors';
import { sha256Hex } from './hash';
import { parseHtml } from './parse-html';
import { parseMarkdown } from './parse-markdown';
import { parsePdfPages, parseText } from './parse-text';
import { PDF_NEEDS_INGEST, splitPdfPages } from './pdf-text';
import type { PdfTextExtractor } from './ports';
import type { Chunk, DocumentAudience, DocumentFormat, KnowledgeDocument } from './types';

/**
 * Bumped whenever parsing or chunking changes what gets indexed, so that a
 * re-sync re-indexes documents whose bytes did not change.
 */
export const INDEXING_VERSION = 'v2';

export interface DocumentInput {
  id: string;
  title?: string | undefined;
  url?: string | null | undefined;
  audience: DocumentAudience;
  tags: string[];
  format: DocumentFormat;
  /** The raw file as uploaded (for a `textLayer` PDF: its pages, see pdf-text.ts). */
  bytes: Uint8Array;
  /** A PDF whose text was extracted before upload (by the ingest CLI): bytes are its pages as UTF-8 text. */
  textLayer?: boolean | undefined;
}

export interface PreparedDocument {
  document: KnowledgeDocument;
  chunks: Chunk[];
}

/** Hash of everything that decides what is indexed: equal hash, nothing to do. */
export async function contentHashOf(input: DocumentInput): Promise<string> {
  const meta = JSON.stringify([INDEXING_VERSION, input.format, input.audience, input.title ?? null, input.url ?? null, [...input.tags].sort()]);
  const bytesHash = await sha256Hex(input.bytes);
  return sha256Hex(`${meta}\n${bytesHash}`);
}

/**
 * Validates, parses and chunks one document. Throws KnowledgeInputError for
 * content that cannot be indexed (empty, binary, not UTF-8, no text at all).
 */
export async function prepareDocument(
  input: DocumentInput,
  /** Null where no PDF library runs (the Worker): raw PDFs are refused with how to ingest them. */
  extractPdf: PdfTextExtractor | null,
  options: ChunkingOptions = DEFAULT_CHUNKING,
): Promise<PreparedDocument> {
  if (input.bytes.length === 0) throw new KnowledgeInputError('empty_document', 'The document is empty.', 'content');
  const parsed = await parse(input, extractPdf);
  const title = input.title?.trim() || parsed.title?.trim() || titleFromId(input.id);
  const drafts = chunkBlocks(title, parsed.blocks, options);
  if (drafts.length === 0) throw new KnowledgeInputError('empty_document', 'The document has no text to index.', 'content');

  const contentHash = await contentHashOf(input);
  const idPrefix = `${(await sha256Hex(input.id)).slice(0, 12)}-${contentHash.slice(0, 8)}`;
  const tags = [...new Set([...input.tags, ...parsed.tags].map((tag) => tag.trim()).filter(Boolean))];
  const chunks: Chunk[] = drafts.map((draft, ordinal) => ({
    id: `${idPrefix}-${ordinal}`,
    documentId: input.id,
    ordinal,
    audience: input.audience,
    title,
    headingPath: draft.headingPath,
    text: draft.text,
    tokenCount: draft.tokenCount,
  }));
  const document: KnowledgeDocument = {
    id: input.id,
    title,
    url: input.url ?? null,
    audience: input.audience,
    tags,
    format: input.format,
    contentHash,
    chunkCount: chunks.length,
    bytes: input.bytes.length,
    updatedAt: new Date().toISOString(),
  };
  return { document, chunks };
}

async function parse(input: DocumentInput, extractPdf: PdfTextExtractor | null): Promise<ParsedDocument> {
  if (input.format === 'pdf' && input.textLayer) return parsePdfPages(splitPdfPages(decodeText(input.bytes)));
  if (input.format === 'pdf') {
    if (!startsWith(input.bytes, '%PDF-')) throw new KnowledgeInputError('unparseable', 'The file is not a PDF (no %PDF- header).', 'content');
    if (!extractPdf) throw new KnowledgeInputError('pdf_needs_ingest', PDF_NEEDS_INGEST, 'content');
    let pages: string[];
    try {
      pages = await extractPdf(input.bytes);
    } catch {
      throw new KnowledgeInputError('unparseable', 'The PDF could not be read; is it damaged or encrypted?', 'content');
    }
    return parsePdfPages(pages);
  }
  const text = decodeText(input.bytes);
  // A .mdx file is MDX; any other Markdown is read as MDX only where it uses MDX syntax.
  if (input.format === 'markdown') return parseMarkdown(text, /\.mdx$/i.test(input.id) ? { mdx: true } : {});
  if (input.format === 'html') return parseHtml(text);
  return parseText(text);
}

/** Strict UTF-8 decoding that refuses binary files rather than indexing noise. */
function decodeText(bytes: Uint8Array): string {
  if (looksBinary(bytes)) throw new KnowledgeInputError('binary_content', 'The file looks binary, not text.', 'content');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new KnowledgeInputError('invalid_utf8', 'The file is not valid UTF-8 text.', 'content');
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!text.trim()) throw new KnowledgeInputError('empty_document', 'The document is empty.', 'content');
  return text;
}

/** NUL bytes, or many control characters, in the first 8 KiB mean binary. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control > sample.length * 0.1;
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  return [...prefix].every((char, index) => bytes[index] === char.charCodeAt(0));
}

/** "docs/summer-hours.md" becomes "Summer hours". */
export function titleFromId(id: string): string {
  const base = id.split(/[/\\]/).filter(Boolean).pop() ?? id;
  const words = base.replace(/\.[a-z0-9]+$/i, '').replace(/[-_]+/g, ' ').trim() || id;
  return words[0]!.toUpperCase() + words.slice(1);
}
