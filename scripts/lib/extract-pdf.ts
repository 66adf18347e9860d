import { readFile } from 'node:fs/promises';
import { joinPdfPages } from '../../src/domain/knowledge/pdf-text';
import type { SourceFile } from './collect-files';

/**
 * The PDF text layer via unpdf (a serverless build of Mozilla's pdf.js), in
 * Node: the Worker does not bundle pdf.js (2.2 MB, more than the rest of the
 * Worker together), so the ingest CLI extracts PDFs and uploads their pages.
 * Scanned PDFs without a text layer yield no text and are refused by the Worker.
 */
export async function extractPdfPages(bytes: Uint8Array): Promise<string[]> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  // pdf.js takes ownership of (and detaches) the buffer it is given.
  const pdf = await getDocumentProxy(bytes.slice());
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text;
  } finally {
    await pdf.destroy();
  }
}

/** Raised for a PDF that pdf.js cannot open: nothing is uploaded for it. */
export class UnreadablePdfError extends Error {
  override name = 'UnreadablePdfError';
  constructor() {
    super('The PDF could not be read; is it damaged or encrypted?');
  }
}

/**
 * A file as the Worker is sent it: its bytes, or for a PDF its extracted
 * pages and the text the Worker will hash (so an unchanged PDF is detected
 * before upload, by the same content hash the Worker stores).
 */
export async function readDocumentFile(file: SourceFile): Promise<{ bytes: Uint8Array; pages?: string[] }> {
  const raw = new Uint8Array(await readFile(file.absolute));
  if (file.format !== 'pdf') return { bytes: raw };
  const pages = await extractPdfPages(raw).catch(() => {
    throw new UnreadablePdfError();
  });
  return { bytes: new TextEncoder().encode(joinPdfPages(pages)), pages };
}
