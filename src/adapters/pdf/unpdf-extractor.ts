import type { PdfTextExtractor } from '../../domain/knowledge/ports';

/**
 * The PDF text layer via unpdf (a serverless build of Mozilla's pdf.js).
 * Loaded on first use: the parser is large and most requests never need it.
 * Scanned PDFs without a text layer yield no text and are refused upstream.
 */
export const extractPdfText: PdfTextExtractor = async (bytes) => {
  const { extractText, getDocumentProxy } = await import('unpdf');
  // pdf.js takes ownership of (and detaches) the buffer it is given.
  const pdf = await getDocumentProxy(bytes.slice());
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text;
  } finally {
    await pdf.destroy();
  }
};
