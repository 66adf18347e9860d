import type { AskerAudience, Passage } from '../answer/types';
import { CsvSyntaxError, parseCsv } from './csv';
import { stableId } from './hash';
import type { ReviewedItem } from './types';

export interface HandwrittenOptions {
  /** Audience for rows without an `audience` field (default 'customer'). */
  audience?: AskerAudience;
  /** Timestamp given to every row (dedupe keeps the newest; default the Unix epoch, so reviewed replies win). */
  createdAt?: string;
}

export interface HandwrittenIssue {
  line: number;
  message: string;
}

/** Every problem in the file, each with its line; messages never quote the file's content. */
export class HandwrittenParseError extends Error {
  override name = 'HandwrittenParseError';
  constructor(readonly issues: HandwrittenIssue[]) {
    const shown = issues.slice(0, 5).map((issue) => `line ${issue.line}: ${issue.message}`);
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in the handwritten examples: ${shown.join('; ')}${more}`);
  }
}

const HEADING_PATH = ['Handwritten example'];

/**
 * Reads examples written by hand (for questions the bot has not met yet):
 * JSONL lines `{"question", "context", "ideal_reply"}` where context is a
 * string or an array of strings, or CSV with the header
 * `question,context,ideal_reply` (RFC 4180 quoting; one context passage per
 * row). An optional `audience` field or column ('employee' | 'customer')
 * overrides the default. Each context becomes a passage labelled P1, P2...
 * as the engine labels retrieved ones. Ids hash the row's content, so the
 * same row always gets the same id. Throws HandwrittenParseError listing
 * every bad row.
 */
export function parseHandwritten(text: string, format: 'jsonl' | 'csv', options: HandwrittenOptions = {}): ReviewedItem[] {
  const issues: HandwrittenIssue[] = [];
  const rows = format === 'jsonl' ? jsonlRows(text, issues) : csvRows(text, issues);
  const items: ReviewedItem[] = [];
  for (const { line, row } of rows) {
    const item = toItem(row, line, options, issues);
    if (item) items.push(item);
  }
  if (issues.length > 0) throw new HandwrittenParseError(issues.sort((a, b) => a.line - b.line));
  return items;
}

type Row = Record<string, unknown>;

function jsonlRows(text: string, issues: HandwrittenIssue[]): { line: number; row: Row }[] {
  const rows: { line: number; row: Row }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (!trimmed) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      issues.push({ line, message: 'not valid JSON (each line must be one JSON object)' });
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      issues.push({ line, message: 'not a JSON object' });
      return;
    }
    rows.push({ line, row: parsed as Row });
  });
  return rows;
}

function csvRows(text: string, issues: HandwrittenIssue[]): { line: number; row: Row }[] {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    issues.push({ line: error.line, message: error.message.replace(/^line \d+: /, '') });
    return [];
  }
  const [header, ...body] = records;
  if (!header) {
    issues.push({ line: 1, message: 'the file is empty (expected a header row: question,context,ideal_reply)' });
    return [];
  }
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const missing = ['question', 'context', 'ideal_reply'].filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    issues.push({ line: header.line, message: `the header row lacks ${missing.join(', ')} (expected question,context,ideal_reply)` });
    return [];
  }
  const rows: { line: number; row: Row }[] = [];
  for (const record of body) {
    if (record.fields.length !== columns.length) {
      issues.push({ line: record.line, message: `${record.fields.length} fields where the header has ${columns.length} (quote fields that contain commas)` });
      continue;
    }
    rows.push({ line: record.line, row: Object.fromEntries(columns.map((name, index) => [name, record.fields[index]])) });
  }
  return rows;
}

function toItem(row: Row, line: number, options: HandwrittenOptions, issues: HandwrittenIssue[]): ReviewedItem | null {
  const before = issues.length;
  const question = requiredText(row, 'question', line, issues);
  const reply = requiredText(row, 'ideal_reply', line, issues);
  const contexts = contextTexts(row.context, line, issues);
  const audience = row.audience === undefined || row.audience === '' ? (options.audience ?? 'customer') : row.audience;
  if (audience !== 'employee' && audience !== 'customer') issues.push({ line, message: 'audience must be "employee" or "customer"' });
  if (issues.length > before || question === null || reply === null || contexts === null) return null;

  const id = `hw-${stableId(JSON.stringify([audience, question, contexts, reply]))}`;
  const passages: Passage[] = contexts.map((text, index) => ({
    label: `P${index + 1}`,
    chunkId: `${id}:P${index + 1}`,
    documentId: id,
    title: HEADING_PATH[0]!,
    headingPath: [...HEADING_PATH],
    text,
    url: null,
    score: 1,
    ranks: {},
  }));
  return {
    id,
    audience: audience as AskerAudience,
    question,
    passages,
    draftAnswer: '',
    finalAnswer: reply,
    source: 'handwritten',
    createdAt: options.createdAt ?? '1970-01-01T00:00:00.000Z',
    askerName: null,
  };
}

function requiredText(row: Row, field: string, line: number, issues: HandwrittenIssue[]): string | null {
  const value = row[field];
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push({ line, message: `"${field}" is missing or empty` });
    return null;
  }
  return value.trim();
}

/** Context may be empty (an example of "not in the passages"), but must be there. */
function contextTexts(value: unknown, line: number, issues: HandwrittenIssue[]): string[] | null {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
    return (value as string[]).map((entry) => entry.trim()).filter(Boolean);
  }
  issues.push({ line, message: value === undefined ? '"context" is missing' : '"context" must be a string or an array of strings' });
  return null;
}
