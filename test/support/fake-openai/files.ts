// The Files API of the fake OpenAI server: `POST /v1/files` (multipart upload)
// and `GET /v1/files/:id`, returning OpenAI's `file` object. Uploads with
// purpose `fine-tune` are validated as OpenAI validates them on upload: a
// `.jsonl` name, and every line a JSON object (dictionary). Platform-free.

import { apiError, missingParameter, notOneOf, type OpenAIErrorBody } from './errors';
import type { ParsedForm } from './multipart';

/** What a handler answers: a status and a JSON body. */
export interface Reply {
  status: number;
  body: unknown;
}

export const errorReply = (status: number, error: OpenAIErrorBody): Reply => ({ status, body: { error } });

export type FilePurpose = 'assistants' | 'batch' | 'fine-tune' | 'vision' | 'user_data' | 'evals' | 'fine-tune-results';

/** OpenAI's `file` object. */
export interface FileObject {
  object: 'file';
  id: string;
  purpose: FilePurpose;
  filename: string;
  bytes: number;
  created_at: number;
  status: 'processed';
  status_details: null;
}

export interface StoredFile {
  file: FileObject;
  /** The content as UTF-8 text (the fake only keeps text files). */
  text: string;
}

/** Purposes a client may upload with (`fine-tune-results` is written by OpenAI only). */
const UPLOAD_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'] as const;

const JSONL_EXPECTED = 'Expected file to have JSONL format, where every line is a valid JSON dictionary.';

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The first problem with a fine-tuning file, worded as OpenAI words it, or null. */
export function jsonlProblem(text: string): string | null {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop(); // a final newline ends the last line
  if (lines.length === 0) return `${JSONL_EXPECTED} The file is empty.`;
  for (const [index, line] of lines.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const hint = line.length > 3 ? `${line.slice(0, 3)}...` : line;
      return `${JSONL_EXPECTED} Line ${index + 1} is not a dictionary (HINT: line starts with: ${JSON.stringify(hint)}).`;
    }
  }
  return null;
}

export function createFileStore(nextId: (prefix: string) => string) {
  const files = new Map<string, StoredFile>();

  function add(purpose: FilePurpose, filename: string, bytes: number, text: string): FileObject {
    const file: FileObject = {
      object: 'file',
      id: nextId('file-fake'),
      purpose,
      filename,
      bytes,
      created_at: nowSeconds(),
      status: 'processed',
      status_details: null,
    };
    files.set(file.id, { file, text });
    return file;
  }

  function upload(form: ParsedForm | null): Reply {
    if (!form) {
      return errorReply(400, apiError("The request must be multipart/form-data with 'file' and 'purpose' parts.", 'invalid_request_error'));
    }
    const purpose = form.fields.purpose;
    if (purpose === undefined) return errorReply(400, missingParameter('purpose'));
    const part = form.files.file;
    if (!part) return errorReply(400, missingParameter('file'));
    if (!(UPLOAD_PURPOSES as readonly string[]).includes(purpose)) return errorReply(400, notOneOf(purpose, UPLOAD_PURPOSES, 'purpose'));
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(part.data);
    } catch {
      text = '';
      if (purpose === 'fine-tune') return errorReply(400, apiError(`${JSONL_EXPECTED} The file is not UTF-8 text.`, 'invalid_request_error'));
    }
    if (purpose === 'fine-tune') {
      if (!part.filename.toLowerCase().endsWith('.jsonl')) {
        return errorReply(400, apiError('Invalid file format for Fine-Tuning API. Must be .jsonl', 'invalid_request_error'));
      }
      const problem = jsonlProblem(text);
      if (problem) return errorReply(400, apiError(problem, 'invalid_request_error'));
    }
    return { status: 200, body: add(purpose as FilePurpose, part.filename, part.data.length, text) };
  }

  function retrieve(id: string): Reply {
    const stored = files.get(id);
    if (!stored) return errorReply(404, apiError(`No such File object: ${id}`, 'invalid_request_error', null, 'id'));
    return { status: 200, body: stored.file };
  }

  return {
    upload,
    retrieve,
    /** Stores a file the way OpenAI creates one itself (e.g. a job's results). */
    add,
    get: (id: string) => files.get(id),
    reset: () => files.clear(),
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
