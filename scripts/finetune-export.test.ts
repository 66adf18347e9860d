import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewedItem } from '../src/domain/finetune/types';
import { runExport } from './finetune-export';

const systemPrompts = { employee: 'You are the staff assistant.', customer: 'You are the support assistant.' };

function item(index: number, overrides: Partial<ReviewedItem> = {}): ReviewedItem {
  return {
    id: `review-${index}`,
    audience: 'employee',
    question: `How do I claim expense type ${index}? Email me at ana.silva${index}@example.com or call +351 912 345 678.`,
    passages: [{ label: 'P1', chunkId: `c${index}`, documentId: 'expenses.md', title: 'Expenses', headingPath: ['Expenses', `Type ${index}`], text: `Expense type ${index} is claimed in Ledger within ${index + 10} days.`, url: null, score: 1, ranks: { lexical: 1 } }],
    draftAnswer: `Claim type ${index} in Ledger.`,
    finalAnswer: `Claim expense type ${index} in Ledger within ${index + 10} days, Ana. Card 4111 1111 1111 1111 is not needed.`,
    source: index % 3 === 0 ? 'edited' : 'approved',
    createdAt: `2026-11-${String(10 + (index % 15)).padStart(2, '0')}T10:00:00Z`,
    askerName: 'Ana Silva',
    ...overrides,
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'countersign-export-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = async (argv: string[], items: ReviewedItem[]) => {
  const lines: string[] = [];
  const code = await runExport(argv, { stdout: (line) => lines.push(line), fetchItems: async () => ({ systemPrompts, items }) });
  return { code, output: lines.join('\n') };
};

// The export counts tokens exactly: building js-tiktoken's o200k_base ranks takes about half a
// second of CPU alone, several seconds on a loaded 2-core machine, past vitest's 5 s default.
describe('finetune export', { timeout: 30_000 }, () => {
  it('writes scrubbed, validated training and validation files, with the evaluation sidecar', async () => {
    const out = path.join(dir, 'train.jsonl');
    const items = [...Array.from({ length: 14 }, (_, index) => item(index)), item(99, { id: 'duplicate-of-1', question: item(1).question, finalAnswer: item(1).finalAnswer })];
    const { code, output } = await run(['--out', out], items);
    expect(code).toBe(0);
    expect(output).toContain('1 duplicates dropped');
    expect(output).toMatch(/personal data scrubbed: .*email/);
    const training = await readFile(out, 'utf8');
    const validation = await readFile(path.join(dir, 'train.validation.jsonl'), 'utf8');
    for (const secret of ['ana.silva', '912 345 678', '4111 1111 1111 1111', 'Ana Silva', 'Ana.']) {
      expect(training + validation).not.toContain(secret);
    }
    const lines = training.trim().split('\n').map((line) => JSON.parse(line) as { messages: { role: string; content: string }[] });
    expect(lines.length + validation.trim().split('\n').length).toBe(14);
    expect(lines[0]!.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant']);
    expect(lines[0]!.messages[1]!.content).toContain('<passages>');
    const meta = (await readFile(path.join(dir, 'train.validation.meta.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(meta.length).toBe(validation.trim().split('\n').length);
    expect(meta[0]).toEqual({ id: expect.any(String), audience: 'employee', source: expect.stringMatching(/approved|edited/) });
  });

  it('refuses fewer than 10 examples and writes nothing', async () => {
    const out = path.join(dir, 'small.jsonl');
    const { code, output } = await run(['--out', out], Array.from({ length: 5 }, (_, index) => item(index)));
    expect(code).toBe(1);
    expect(output).toContain('not written');
    await expect(stat(out)).rejects.toThrow();
  });

  it('writes preference pairs for edited replies with --method dpo', async () => {
    const out = path.join(dir, 'dpo.jsonl');
    const items = Array.from({ length: 36 }, (_, index) => item(index));
    const { code } = await run(['--out', out, '--method', 'dpo', '--base', 'gpt-4.1-mini-2025-04-14'], items);
    expect(code).toBe(0);
    const pairs = [...(await readFile(out, 'utf8')).trim().split('\n'), ...(await readFile(path.join(dir, 'dpo.validation.jsonl'), 'utf8')).trim().split('\n')]
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(pairs).toHaveLength(12);
    expect(pairs[0]).toMatchObject({ input: { messages: expect.any(Array) }, preferred_output: [{ role: 'assistant' }], non_preferred_output: [{ role: 'assistant' }] });
  });

  it('validates its arguments', async () => {
    await expect(run(['--method', 'rlhf'], [])).rejects.toThrow('--method');
    await expect(run(['--since', 'yesterday'], [])).rejects.toThrow('--since');
    await expect(run(['--out', 'x.txt'], [])).rejects.toThrow('.jsonl');
  });
});
