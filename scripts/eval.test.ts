import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionRecord } from './lib/question-run';
import { simulateReviews } from './lib/simulate-reviews';

const run = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');

/** Runs a CLI as a user would, returning its exit code and output. */
async function cli(script: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, [script, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function record(id: number, approvable: boolean, coverage: number): QuestionRecord {
  return {
    id: `q-${id}`,
    kind: approvable || id % 3 === 0 ? 'answerable' : 'unanswerable',
    decision: 'review',
    confidence: 0.5,
    features: { coverage, passage_gap: coverage / 2, gap: 0.5 },
    citedFile: 'a.md',
    citedSection: 'A > B',
    goldHit: approvable,
    approvable,
    mode: 'extractive',
    modelError: null,
    latencyMs: 1,
  };
}
// Approval follows coverage, with a little overlap so the fit stays finite.
const RECORDS = Array.from({ length: 60 }, (_, index) => {
  const coverage = (index % 20) / 20;
  return record(index, coverage > 0.45 !== (index % 17 === 0), coverage);
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'countersign-eval-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run eval', { timeout: 60_000 }, () => {
  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await cli('scripts/eval.ts', ['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run eval');
    expect(stdout).toContain('--simulate-reviews');
    expect(stdout).toContain('samples/questions/public.jsonl');
  });

  it('refuses half a custom set with a usage error (exit 2)', async () => {
    const { code, stderr } = await cli('scripts/eval.ts', ['--corpus', 'samples/knowledge/public']);
    expect(code).toBe(2);
    expect(stderr).toContain('give both --corpus DIR and --questions FILE.jsonl');
  });
});

describe('npm run calibrate', { timeout: 60_000 }, () => {
  it('fits deterministically from saved records and prints thresholds without writing (--dry-run)', async () => {
    const file = path.join(dir, 'records.json');
    await writeFile(file, JSON.stringify({ handbook: RECORDS.slice(0, 30), plausible: RECORDS.slice(30) }));
    const first = await cli('scripts/calibrate.ts', ['--records', file, '--dry-run']);
    const second = await cli('scripts/calibrate.ts', ['--records', file, '--dry-run']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/fitted on \d+ decisions/);
    expect(first.stdout).toMatch(/target 0\.95: [01](\.\d+)?/);
    expect(first.stdout).not.toContain('wrote ');
    expect(second.stdout).toBe(first.stdout);
    const coverage = Number(/coverage\s+(-?[\d.]+)/.exec(first.stdout)?.[1]);
    expect(coverage).toBeGreaterThan(0);
  });

  it('--help exits 0', async () => {
    const { code, stdout } = await cli('scripts/calibrate.ts', ['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('usage: npm run calibrate -- ');
  });
});

describe('simulateReviews', () => {
  it('refits on every other question and reports the rest, never counting an action as sendable', () => {
    const withAction = [...RECORDS, { ...record(99, false, 1), kind: 'action' as const }];
    const result = simulateReviews(withAction, 0.95);
    expect(result.fittedOn + result.reported).toBeLessThanOrEqual(withAction.length);
    expect(result.reported).toBe(Math.floor(withAction.length / 2));
    expect(result.auroc).toBeGreaterThan(0.6);
    expect(result.sentApprovable).toBeLessThanOrEqual(result.sent);
  });
});
