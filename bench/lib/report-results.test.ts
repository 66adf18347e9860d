import { describe, expect, it } from 'vitest';
import type { Machine } from './report-machine';
import { anchor, type BenchRun, renderResults, STDERR_TAIL_LINES, stripAnsi } from './report-results';

const machine: Machine = { date: '2026-11-26T06:00:00.000Z', cpu: 'AMD EPYC', cores: 2, memory_gib: 23.5, os: 'Linux 6.8 (x64)', node: 'v20.20.2', commit: 'abc123def456' };

const run = (overrides: Partial<BenchRun>): BenchRun => ({
  id: 'webchat',
  title: 'Web chat',
  command: 'npm run bench:webchat -- --json',
  status: 'passed',
  exitCode: 0,
  signal: null,
  seconds: 42.5,
  stdout: '',
  stderr: '',
  note: null,
  ...overrides,
});

describe('renderResults', () => {
  it('heads the page with the date, the machine and the commit', () => {
    const page = renderResults(machine, [], 'npm run bench');
    expect(page).toContain('| date | 2026-11-26T06:00:00.000Z |');
    expect(page).toContain('| CPU | AMD EPYC, 2 cores |');
    expect(page).toContain('| memory | 23.5 GiB |');
    expect(page).toContain('| OS | Linux 6.8 (x64) |');
    expect(page).toContain('| Node | v20.20.2 |');
    expect(page).toContain('| git commit | abc123def456 |');
    expect(page).toContain('Written by `npm run bench`');
  });

  it('gives each benchmark its command and its output exactly as printed', () => {
    const stdout = '{"messages_per_second":31.09,"reply":{"p50_ms":6426.31}}\n';
    const stderr = 'opening 200 conversations ...\n  reply latency    p50 6426.31 / p99 8940.99 ms\n';
    const page = renderResults(machine, [run({ stdout, stderr })], 'npm run bench');
    expect(page).toContain('| [Web chat](#web-chat) | `npm run bench:webchat -- --json` | passed (exit 0) | 42.5 s |');
    expect(page).toContain('## Web chat\n\n`npm run bench:webchat -- --json`');
    expect(page).toContain(`\`\`\`\n${stdout.trim()}\n\`\`\``);
    expect(page).toContain(`\`\`\`\n${stderr.trimEnd()}\n\`\`\``);
  });

  it('reports a failure with its exit code and the end of its stderr, and keeps its stdout whole', () => {
    const stderr = Array.from({ length: STDERR_TAIL_LINES + 5 }, (_, index) => `line ${index + 1}`).join('\n');
    const page = renderResults(machine, [run({ status: 'failed', exitCode: 3, stdout: 'lost 2', stderr })], 'npm run bench');
    expect(page).toContain('**failed** (exit 3)');
    expect(page).toContain('lost 2');
    expect(page).toContain(`Last ${STDERR_TAIL_LINES} lines of stderr (5 before them left out):`);
    expect(page).toContain(`line ${STDERR_TAIL_LINES + 5}`);
    expect(page).not.toContain('line 5\n');
  });

  it('says when a benchmark was stopped by a signal, or skipped and why', () => {
    const page = renderResults(
      machine,
      [run({ status: 'failed', exitCode: null, signal: 'SIGTERM', note: 'Stopped after the 20-minute limit.' }), run({ id: 'r', title: 'Retrieval', status: 'skipped', exitCode: null, note: 'Needs ../shared/corpora, which is not there.' })],
      'npm run bench',
    );
    expect(page).toContain('**failed** (stopped by SIGTERM)');
    expect(page).toContain('Stopped after the 20-minute limit.');
    expect(page).toContain('## Retrieval\n\n`npm run bench:webchat -- --json`\n\nNeeds ../shared/corpora, which is not there.\n\nNot run');
  });

  it('fences output so that backticks in it cannot end the block, and drops colour codes', () => {
    const page = renderResults(machine, [run({ stdout: 'a ```code``` b\n\u001b[33mwarning\u001b[0m' })], 'npm run bench');
    expect(page).toContain('````\na ```code``` b\nwarning\n````');
  });
});

describe('stripAnsi', () => {
  it('removes colour and style codes only', () => {
    expect(stripAnsi('\u001b[1m\u001b[43;33mWARN\u001b[0m p99 12 ms')).toBe('WARN p99 12 ms');
  });
});

describe('anchor', () => {
  it('matches GitHub’s heading anchors', () => {
    expect(anchor('Retrieval: employee handbook')).toBe('retrieval-employee-handbook');
    expect(anchor('Web chat')).toBe('web-chat');
  });
});
