import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPromote } from './finetune-promote';

let dir: string;
let figures: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'countersign-promote-'));
  figures = path.join(dir, 'eval.json');
  await writeFile(figures, JSON.stringify({ candidate: 'ft:acme:1', baseline: 'base', figures: { 'ft:acme:1': { meanSimilarity: 0.7 }, base: { meanSimilarity: 0.5 } } }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('finetune promote', () => {
  it('records who promoted which model with the figures, and prints the config change', async () => {
    const recorded: unknown[] = [];
    const lines: string[] = [];
    const code = await runPromote(['--model', 'ft:acme:1', '--by', 'ana@example.com', '--figures', figures, '--comment', 'fewer edits'], {
      stdout: (line) => lines.push(line),
      record: async (entry) => {
        recorded.push(entry);
        return { id: 7, at: '2026-11-26T12:00:00Z' };
      },
    });
    expect(code).toBe(0);
    expect(recorded).toEqual([
      { action: 'model-promoted', actor: 'ana@example.com', subject: 'ft:acme:1', comment: 'fewer edits', details: expect.objectContaining({ figures: expect.objectContaining({ 'ft:acme:1': { meanSimilarity: 0.7 } }) }) },
    ]);
    expect(lines).toContain('  CHAT_MODEL = "ft:acme:1"');
  });

  it('refuses a model the figures do not evaluate, and missing arguments', async () => {
    const io = { stdout: () => {}, record: async () => ({ id: 1, at: '' }) };
    await expect(runPromote(['--model', 'ft:other', '--by', 'ana', '--figures', figures], io)).rejects.toThrow('does not evaluate ft:other');
    await expect(runPromote(['--model', 'ft:acme:1', '--figures', figures], io)).rejects.toThrow('--by');
    await expect(runPromote(['--model', 'ft:acme:1', '--by', 'ana', '--figures', path.join(dir, 'missing.json')], io)).rejects.toThrow('cannot read');
  });
});
