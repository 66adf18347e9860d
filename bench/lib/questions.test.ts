import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuestions } from './questions';

let folder: string;
let counter = 0;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'countersign-questions-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Writes lines (objects are JSON-encoded) to a fresh file and returns its path. */
async function questionsFile(...lines: (string | object)[]): Promise<string> {
  const file = path.join(folder, `set-${++counter}.jsonl`);
  await writeFile(file, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'));
  return file;
}

const answerable = { id: 'q1', question: 'How many vacation days?', kind: 'answerable', gold: [{ file: 'leave.md', section: 'Vacation' }] };

describe('loadQuestions', () => {
  it('reads one question a line, skipping blank lines, and defaults gold to none', async () => {
    const file = await questionsFile(answerable, '', '   ', { id: 'q2', question: 'Who won the cup?', kind: 'unanswerable' }, { id: 'q3', question: 'Book me a desk', kind: 'action', extra: 1 });
    expect(await loadQuestions(file)).toEqual([
      answerable,
      { id: 'q2', question: 'Who won the cup?', kind: 'unanswerable', gold: [] },
      { id: 'q3', question: 'Book me a desk', kind: 'action', gold: [] },
    ]);
  });

  it('reports invalid JSON with its line number, counting blank lines', async () => {
    const file = await questionsFile(answerable, '', '{"id": "q2", question: oops}');
    await expect(loadQuestions(file)).rejects.toThrow(`${file}:3: not valid JSON`);
  });

  it.each([
    ['a missing id', { question: 'q?', kind: 'unanswerable' }, '"id" must be a non-empty string'],
    ['an empty id', { id: '', question: 'q?', kind: 'unanswerable' }, '"id" must be a non-empty string'],
    ['a missing question', { id: 'q9', kind: 'unanswerable' }, '"question" must be a non-empty string'],
    ['a blank question', { id: 'q9', question: '   ', kind: 'unanswerable' }, '"question" must be a non-empty string'],
    ['an unknown kind', { id: 'q9', question: 'q?', kind: 'maybe' }, '"kind" must be answerable, unanswerable or action'],
    ['gold that is not a list', { id: 'q9', question: 'q?', kind: 'answerable', gold: 'leave.md' }, '"gold" must be a list of {file, section}'],
    ['gold without a section', { id: 'q9', question: 'q?', kind: 'answerable', gold: [{ file: 'leave.md' }] }, '"gold" must be a list of {file, section}'],
    ['an answerable question without gold', { id: 'q9', question: 'q?', kind: 'answerable', gold: [] }, 'an answerable question needs gold sections'],
  ])('rejects %s with the line number', async (_what, bad, message) => {
    const file = await questionsFile(answerable, bad);
    await expect(loadQuestions(file)).rejects.toThrow(`${file}:2: ${message}`);
  });

  it('rejects a duplicate id on the line that repeats it', async () => {
    const file = await questionsFile(answerable, { ...answerable, question: 'Other?' }, { ...answerable, id: 'q2' }, answerable);
    await expect(loadQuestions(file)).rejects.toThrow(`${file}:2: duplicate id "q1"`);
  });

  // JSON.parse('null') succeeds, and reading `.id` of null throws a TypeError
  // that carries no file or line number.
  it('rejects a line that is valid JSON but not an object, with its line number', async () => {
    const file = await questionsFile(answerable, 'null');
    await expect(loadQuestions(file)).rejects.toThrow(`${file}:2:`);
    const numbers = await questionsFile(answerable, '42');
    await expect(loadQuestions(numbers)).rejects.toThrow(`${numbers}:2: each line must be a JSON object`);
  });

  it('rejects a file with no questions', async () => {
    const file = await questionsFile('', '  ');
    await expect(loadQuestions(file)).rejects.toThrow(`${file}: no questions`);
  });

  it('fails for a file that does not exist', async () => {
    await expect(loadQuestions(path.join(folder, 'missing.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
