/**
 * A PDF's text layer as text: its pages joined by form feeds, the page break
 * pdftotext uses too. The Worker does not parse PDFs (pdf.js alone is more
 * than four times the rest of the bundle), so the ingest CLI extracts the
 * pages in Node and uploads them as `pages`; the Worker hashes and stores
 * them in this form, which lets the CLI see an unchanged PDF before uploading.
 */
export const PAGE_BREAK = '\f';

export function joinPdfPages(pages: readonly string[]): string {
  // A form feed inside a page would split it in two on the way back.
  return pages.map((page) => page.replaceAll(PAGE_BREAK, '\n')).join(PAGE_BREAK);
}

export function splitPdfPages(text: string): string[] {
  return text.split(PAGE_BREAK);
}

/** The message for a raw PDF the Worker cannot read: how to ingest it instead. */
export const PDF_NEEDS_INGEST =
  'PDFs are not parsed in the Worker. Ingest the file with the CLI, which extracts its text and uploads the pages: ' +
  'npm run ingest -- file.pdf --audience internal|public --url https://your-worker.example';
