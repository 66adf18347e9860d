/**
 * Errors the knowledge domain raises for bad input. They carry a stable code
 * and, where useful, the offending field; the HTTP edge maps them to 4xx.
 * Messages never echo document content.
 */
export class KnowledgeInputError extends Error {
  constructor(
    readonly code: 'empty_document' | 'binary_content' | 'invalid_utf8' | 'too_large' | 'unparseable' | 'pdf_needs_ingest' | 'audience_change',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'KnowledgeInputError';
  }
}
