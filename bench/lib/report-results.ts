import type { Machine } from './report-machine';

/** One benchmark command as run by bench/run-all.ts, with what it printed. */
export interface BenchRun {
  id: string;
  title: string;
  /** The command as typed in a shell, e.g. `npm run bench:webchat -- --json`. */
  command: string;
  status: 'passed' | 'failed' | 'skipped';
  /** Exit code, or null when it was killed by a signal (then `signal`) or not run. */
  exitCode: number | null;
  signal: string | null;
  seconds: number;
  stdout: string;
  stderr: string;
  /** Why it was skipped or stopped, or what a setting means (e.g. a smaller size than the default). */
  note: string | null;
}

/** Lines of a failed command's stderr shown (its stdout is shown whole). */
export const STDERR_TAIL_LINES = 40;

/**
 * bench/RESULTS.md: a header with the machine, then one section per
 * benchmark with its exact command and its output copied verbatim (only
 * terminal colour codes removed), so that every figure can be traced to the
 * command that printed it.
 */
export function renderResults(machine: Machine, runs: BenchRun[], invocation: string): string {
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Written by \`${invocation}\` (bench/run-all.ts). Each section gives the command that ran and what it printed,`,
    'copied as printed (terminal colour codes removed): no figure here is edited, rounded or summarised. Figures',
    'depend on the machine and on what else it was running; run the commands yourself to compare.',
    '',
    '| | |',
    '|---|---|',
    `| date | ${machine.date} |`,
    `| CPU | ${machine.cpu}, ${machine.cores} cores |`,
    `| memory | ${machine.memory_gib} GiB |`,
    `| OS | ${machine.os} |`,
    `| Node | ${machine.node} |`,
    `| git commit | ${machine.commit ?? 'unknown (not a git checkout)'} |`,
    '',
    '| benchmark | command | result | time |',
    '|---|---|---|---|',
    ...runs.map((run) => `| [${run.title}](#${anchor(run.title)}) | \`${run.command}\` | ${resultText(run)} | ${run.status === 'skipped' ? '' : `${run.seconds} s`} |`),
    '',
  ];
  for (const run of runs) lines.push(...section(run));
  return `${lines.join('\n').trimEnd()}\n`;
}

function section(run: BenchRun): string[] {
  const lines = [`## ${run.title}`, '', `\`${run.command}\``, ''];
  if (run.note) lines.push(run.note, '');
  if (run.status === 'skipped') return [...lines, `Not run: ${run.note ? 'see above' : 'skipped'}.`, ''];
  lines.push(`${resultText(run)} after ${run.seconds} s.`, '');
  if (run.stdout.trim()) lines.push('Output (stdout):', '', ...fenced(run.stdout), '');
  const stderr = stripAnsi(run.stderr);
  if (run.status === 'failed') {
    const tail = lastLines(stderr, STDERR_TAIL_LINES);
    if (tail.text.trim()) lines.push(tail.omitted > 0 ? `Last ${STDERR_TAIL_LINES} lines of stderr (${tail.omitted} before them left out):` : 'stderr:', '', ...fenced(tail.text), '');
  } else if (stderr.trim()) {
    lines.push('Printed on stderr (progress, and the readable report of benchmarks run with --json):', '', ...fenced(stderr), '');
  }
  return lines;
}

function resultText(run: BenchRun): string {
  if (run.status === 'skipped') return 'skipped';
  if (run.status === 'passed') return 'passed (exit 0)';
  return run.signal ? `**failed** (stopped by ${run.signal})` : `**failed** (exit ${run.exitCode})`;
}

/** A code block that the text cannot close early, however many backticks it holds. */
function fenced(text: string): string[] {
  const clean = stripAnsi(text).replace(/\s+$/, '');
  const longest = Math.max(2, ...[...clean.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return [fence, clean, fence];
}

export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes start with ESC.
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

function lastLines(text: string, count: number): { text: string; omitted: number } {
  const lines = text.replace(/\s+$/, '').split('\n');
  return { text: lines.slice(-count).join('\n'), omitted: Math.max(0, lines.length - count) };
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}
