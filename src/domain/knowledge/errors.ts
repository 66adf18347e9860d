import { AppError } from '../app-error';

/**
 * Errors the knowledge domain raises for bad input. They carry a stable code
 * and, where useful, the offending field; the HTTP edge maps them to 4xx.
 * Messages never echo document content.
 */
export class KnowledgeInputError extends AppError {
  override name = 'KnowledgeInputError';
  declare readonly code: KnowledgeInputCode;

  constructor(code: KnowledgeInputCode, message: string, field?: string) {
    super(code, message, { status: INPUT_ERROR_STATUS[code], ...(field !== undefined ? { field } : {}) });
  }
}

type KnowledgeInputCode = 'empty_document' | 'binary_content' | 'invalid_utf8' | 'too_large' | 'unparseable' | 'pdf_needs_ingest' | 'audience_change';

const INPUT_ERROR_STATUS: Record<KnowledgeInputCode, number> = {
  empty_document: 400,
  binary_content: 400,
  invalid_utf8: 400,
  unparseable: 400,
  too_large: 413,
  // A raw PDF where no PDF library runs: the media type is what is refused.
  pdf_needs_ingest: 415,
  audience_change: 409,
};
