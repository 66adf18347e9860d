import { describe, expect, it } from 'vitest';
import { questionMessage } from '../answer/prompt';
import { CsvSyntaxError, parseCsv } from './csv';
import { toChatExample } from './examples';
import { HandwrittenParseError, parseHandwritten } from './handwritten';

const jsonl = [
  JSON.stringify({ question: 'Can I pay by invoice?', context: 'Business plans can pay by invoice.', ideal_reply: 'Yes, on the Business plan.' }),
  '',
  JSON.stringify({ question: 'Refunds?', context: ['Refunds within 30 days.', '  ', 'Annual plans are prorated.'], ideal_reply: 'Within 30 days.' }),
  JSON.stringify({ question: 'Do you sell hardware?', context: '', ideal_reply: "I don't know; let me ask a colleague.", audience: 'employee' }),
].join('\n');

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof HandwrittenParseError) return { issues: error.issues, message: error.message };
    throw error;
  }
  throw new Error('expected a HandwrittenParseError');
}

describe('parseHandwritten (JSONL)', () => {
  it('turns each row into a handwritten item with P1.. passages', () => {
    const items = parseHandwritten(jsonl, 'jsonl', { createdAt: '2026-11-01T00:00:00.000Z' });
    expect(items).toHaveLength(3);
    const [invoice, refunds, hardware] = items;
    expect(invoice).toMatchObject({ audience: 'customer', question: 'Can I pay by invoice?', finalAnswer: 'Yes, on the Business plan.', draftAnswer: '', source: 'handwritten', createdAt: '2026-11-01T00:00:00.000Z' });
    expect(invoice!.passages).toEqual([
      expect.objectContaining({ label: 'P1', headingPath: ['Handwritten example'], text: 'Business plans can pay by invoice.', url: null }),
    ]);
    expect(refunds!.passages.map((passage) => [passage.label, passage.text])).toEqual([
      ['P1', 'Refunds within 30 days.'],
      ['P2', 'Annual plans are prorated.'],
    ]);
    expect(hardware!.passages).toEqual([]);
    expect(hardware!.audience).toBe('employee');
    expect(questionMessage(hardware!.question, hardware!.passages).content).toContain('(no passages found)');
  });

  it('derives ids from the row content, not its position', () => {
    const first = parseHandwritten(jsonl, 'jsonl');
    const moved = parseHandwritten(`\n\n${jsonl.split('\n').reverse().join('\n')}`, 'jsonl');
    expect(new Set(moved.map((entry) => entry.id))).toEqual(new Set(first.map((entry) => entry.id)));
    expect(new Set(first.map((entry) => entry.id)).size).toBe(3);
    expect(first[0]!.id).toMatch(/^hw-[0-9a-f]{16}$/);
  });

  it('lists every bad line without quoting its content', () => {
    const text = [
      JSON.stringify({ question: 'ok', context: 'c', ideal_reply: 'r' }),
      '{"question": "secret-1", ',
      JSON.stringify({ question: 'secret-2', context: 'c' }),
      JSON.stringify({ question: 'secret-3', context: 42, ideal_reply: 'r' }),
      JSON.stringify(['secret-4']),
      JSON.stringify({ question: 'secret-5', ideal_reply: 'r', audience: 'robots' }),
    ].join('\n');
    const { issues, message } = issuesOf(() => parseHandwritten(text, 'jsonl'));
    expect(issues).toEqual([
      { line: 2, message: 'not valid JSON (each line must be one JSON object)' },
      { line: 3, message: '"ideal_reply" is missing or empty' },
      { line: 4, message: '"context" must be a string or an array of strings' },
      { line: 5, message: 'not a JSON object' },
      { line: 6, message: '"context" is missing' },
      { line: 6, message: 'audience must be "employee" or "customer"' },
    ]);
    expect(message).toMatch(/^6 problems in the handwritten examples: line /);
    expect(message).not.toMatch(/secret/);
  });
});

describe('parseHandwritten (CSV)', () => {
  const csv =
    '\uFEFFquestion,context,ideal_reply\r\n' +
    '"Can I pay by invoice, or card?","Invoices: ""Business"" plan only.\nCards: all plans.",Yes.\r\n' +
    '\r\n' +
    'Refunds?,,"Within 30 days,\nno questions asked."\r\n';

  it('reads RFC 4180 quoting: commas, doubled quotes and line breaks inside fields', () => {
    const items = parseHandwritten(csv, 'csv', { audience: 'employee' });
    expect(items.map((entry) => [entry.question, entry.passages.map((passage) => passage.text), entry.finalAnswer, entry.audience])).toEqual([
      ['Can I pay by invoice, or card?', ['Invoices: "Business" plan only.\nCards: all plans.'], 'Yes.', 'employee'],
      ['Refunds?', [], 'Within 30 days,\nno questions asked.', 'employee'],
    ]);
    const example = toChatExample(items[0]!, 'Bot.');
    expect(example.messages[1]!.content).toContain('<passage id="P1" source="Handwritten example">');
  });

  it('gives a CSV row the same id as the same JSONL row', () => {
    const fromCsv = parseHandwritten('question,context,ideal_reply\nRefunds?,Within 30 days.,Yes.\n', 'csv');
    const fromJsonl = parseHandwritten(JSON.stringify({ question: 'Refunds?', context: 'Within 30 days.', ideal_reply: 'Yes.' }), 'jsonl');
    expect(fromCsv[0]!.id).toBe(fromJsonl[0]!.id);
  });

  it('names the physical line of a bad record, after multi-line fields', () => {
    const text = 'question,context,ideal_reply\n"a\nb",c,d\nonly,two\n,c,d\n';
    const { issues } = issuesOf(() => parseHandwritten(text, 'csv'));
    expect(issues).toEqual([
      { line: 4, message: '2 fields where the header has 3 (quote fields that contain commas)' },
      { line: 5, message: '"question" is missing or empty' },
    ]);
  });

  it('refuses a header without the expected columns, and broken quoting', () => {
    expect(issuesOf(() => parseHandwritten('q,context,reply\nx,y,z\n', 'csv')).issues).toEqual([
      { line: 1, message: 'the header row lacks question, ideal_reply (expected question,context,ideal_reply)' },
    ]);
    expect(issuesOf(() => parseHandwritten('question,context,ideal_reply\nx,"open,z\n', 'csv')).issues).toEqual([{ line: 2, message: 'a quoted field is never closed' }]);
    expect(issuesOf(() => parseHandwritten('question,context,ideal_reply\nx,say "hi",z\n', 'csv')).issues[0]!.line).toBe(2);
    expect(issuesOf(() => parseHandwritten('', 'csv')).issues[0]!.message).toContain('the file is empty');
  });
});

describe('parseCsv', () => {
  it('parses records with their starting lines', () => {
    expect(parseCsv('a,b\n"x\ny","z"\n\nlast,""')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\ny', 'z'] },
      { line: 5, fields: ['last', ''] },
    ]);
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('"a"b,c')).toThrow(CsvSyntaxError);
  });
});
