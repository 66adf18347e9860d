/**
 * npm run bench -- [--only webchat,load] [--out bench/RESULTS.md] [--full-scale] [--timeout-minutes 20]
 *
 * Runs every benchmark in the repository, one after another (they would
 * compete for the CPU side by side), each as its own `npm run` command, and
 * writes bench/RESULTS.md: the machine, the date and the commit, then each
 * command with its output copied verbatim (with --json where the benchmark
 * has it). A benchmark that fails is reported as failed, with its exit code
 * and the end of its stderr, and the others still run; the exit code is 1
 * when any failed. RESULTS.md is rewritten after each benchmark, so an
 * interrupted run leaves what it measured.
 *
 * bench:retrieval:scale runs at 1,000 and 10,000 chunks here (its default
 * adds 50,000, several minutes of ingestion on a small machine); --full-scale
 * runs its default sizes. The retrieval quality benchmarks need the corpora
 * in ../shared/corpora and are skipped (and reported so) without them.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { parseArgs, UsageError } from '../scripts/lib/args';
import { describeMachine } from './lib/report-machine';
import { type BenchRun, renderResults } from './lib/report-results';

interface BenchSpec {
  id: string;
  title: string;
  script: string;
  args: string[];
  /** Paths that must exist for it to run (corpora kept outside the repository). */
  needs?: string[];
  note?: string | null;
}

const SCALE_SIZES = '1000,10000';

function benches(fullScale: boolean): BenchSpec[] {
  return [
    { id: 'widget-size', title: 'Web chat widget size', script: 'size:widget', args: [] },
    { id: 'bundle-size', title: 'Worker bundle size', script: 'build:check', args: [] },
    { id: 'startup', title: 'Worker startup CPU, against a minimal Hono Worker', script: 'bench:startup', args: [] },
    {
      id: 'retrieval-handbook',
      title: 'Retrieval: employee handbook',
      script: 'bench:retrieval',
      args: ['--corpus', '../shared/corpora/basecamp-handbook', '--questions', 'bench/questions/handbook.jsonl', '--json'],
      needs: ['../shared/corpora/basecamp-handbook', 'bench/questions/handbook.jsonl'],
    },
    {
      id: 'retrieval-plausible',
      title: 'Retrieval: product help centre',
      script: 'bench:retrieval',
      args: ['--corpus', '../shared/corpora/plausible-docs', '--questions', 'bench/questions/plausible.jsonl', '--audience', 'public', '--json'],
      needs: ['../shared/corpora/plausible-docs', 'bench/questions/plausible.jsonl'],
    },
    {
      id: 'retrieval-scale',
      title: 'Retrieval at scale',
      script: 'bench:retrieval:scale',
      args: fullScale ? ['--json'] : ['--sizes', SCALE_SIZES, '--json'],
      note: fullScale ? null : `At ${SCALE_SIZES} chunks; the command's default adds 50,000 (\`npm run bench -- --full-scale\` runs it).`,
    },
    {
      id: 'eval-handbook',
      title: 'Answer engine evaluation: employee handbook',
      script: 'eval',
      args: ['--corpus', '../shared/corpora/basecamp-handbook', '--questions', 'bench/questions/handbook.jsonl'],
      needs: ['../shared/corpora/basecamp-handbook', 'bench/questions/handbook.jsonl'],
    },
    {
      id: 'eval-plausible',
      title: 'Answer engine evaluation: product help centre, as customers',
      script: 'eval',
      args: ['--corpus', '../shared/corpora/plausible-docs', '--questions', 'bench/questions/plausible.jsonl', '--audience', 'customer'],
      needs: ['../shared/corpora/plausible-docs', 'bench/questions/plausible.jsonl'],
    },
    { id: 'engine', title: 'Answer engine overhead', script: 'bench:engine', args: [] },
    { id: 'slack', title: 'Slack acknowledgement', script: 'bench:slack', args: ['--json'] },
    {
      id: 'slack-breakdown',
      title: 'Slack acknowledgement: where the time goes',
      script: 'bench:slack',
      args: ['--concurrency', '64', '--breakdown', '--json'],
      note: 'Adds two benchmark-only Workers (an empty one, and the bundle without the queue send) beside the product and Bolt.',
    },
    { id: 'webchat', title: 'Web chat', script: 'bench:webchat', args: ['--json'] },
    { id: 'load', title: 'Mixed load', script: 'bench:load', args: ['--json'] },
  ];
}

const USAGE = `usage: npm run bench -- [--only ID,ID] [--out bench/RESULTS.md] [--full-scale] [--timeout-minutes 20]

Runs every benchmark one after another and writes bench/RESULTS.md (machine, date, commit, and
each command with its output verbatim). Exit code 1 when any benchmark failed.

  --only LIST            benchmark ids, comma-separated: widget-size, bundle-size, startup, retrieval-handbook,
                         retrieval-plausible, retrieval-scale, eval-handbook, eval-plausible, engine,
                         slack, slack-breakdown, webchat, load
  --out FILE             where to write the results (default bench/RESULTS.md)
  --full-scale           bench:retrieval:scale at its default sizes (adds 50,000 chunks)
  --timeout-minutes N    per benchmark, up to 240 (default 20)
  --help                 this text`;

async function main() {
  const { options } = parseArgs(process.argv.slice(2), {
    only: { type: 'string' },
    out: { type: 'string' },
    'full-scale': { type: 'boolean' },
    'timeout-minutes': { type: 'number' },
  }, USAGE);
  const all = benches(options['full-scale'] === true);
  const only = (options.only as string | undefined)?.split(',').map((id) => id.trim());
  const unknown = only?.filter((id) => !all.some((spec) => spec.id === id)) ?? [];
  if (unknown.length > 0) throw new UsageError(`unknown benchmark ${unknown.join(', ')}; known: ${all.map((spec) => spec.id).join(', ')}`);
  const selected = only ? all.filter((spec) => only.includes(spec.id)) : all;
  const out = (options.out as string | undefined) ?? 'bench/RESULTS.md';
  const timeoutMinutes = (options['timeout-minutes'] as number | undefined) ?? 20;
  if (!(timeoutMinutes > 0 && timeoutMinutes <= 240)) throw new UsageError('--timeout-minutes must be from 0 to 240');
  const invocation = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');

  const machine = describeMachine();
  const runs: BenchRun[] = [];
  let stopping = false;
  let current: { stop(): void } | null = null;
  const onSignal = () => {
    stopping = true;
    current?.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const spec of selected) {
      if (stopping) break;
      const command = `npm run ${spec.script}${spec.args.length > 0 ? ` -- ${spec.args.join(' ')}` : ''}`;
      const missing = spec.needs?.filter((path) => !existsSync(path)) ?? [];
      if (missing.length > 0) {
        runs.push({ id: spec.id, title: spec.title, command, status: 'skipped', exitCode: null, signal: null, seconds: 0, stdout: '', stderr: '', note: `Needs ${missing.join(' and ')}, which is not there.` });
        console.log(`${spec.id}: skipped (missing ${missing.join(', ')})`);
        continue;
      }
      console.log(`${spec.id}: ${command} ...`);
      const started = performance.now();
      const child = runCommand(spec.script, spec.args, timeoutMinutes * 60_000);
      current = child;
      const result = await child.done;
      current = null;
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const passed = result.exitCode === 0;
      const note = [spec.note, result.timedOut ? `Stopped after the ${timeoutMinutes}-minute limit (--timeout-minutes).` : null].filter(Boolean).join(' ') || null;
      runs.push({ id: spec.id, title: spec.title, command, status: passed ? 'passed' : 'failed', exitCode: result.exitCode, signal: result.signal, seconds, stdout: result.stdout, stderr: result.stderr, note });
      console.log(`${spec.id}: ${passed ? 'passed' : `FAILED (${result.signal ?? `exit ${result.exitCode}`})`} in ${seconds} s`);
      await write(out, renderResults(machine, runs, invocation));
    }
    await write(out, renderResults(machine, runs, invocation));
    console.log(`wrote ${out}`);
    if (runs.some((run) => run.status === 'failed') || stopping) process.exitCode = 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * `npm run <script> -- <args>` in its own process group, output collected.
 * Stopping it (time limit, Ctrl-C) signals the whole group, so the local
 * Workers and servers a benchmark started go with it.
 */
function runCommand(script: string, args: string[], timeoutMs: number): { done: Promise<CommandResult>; stop(): void } {
  const child = spawn('npm', ['run', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  let timedOut = false;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const stop = () => {
    signalGroup('SIGTERM');
    setTimeout(() => signalGroup('SIGKILL'), 10_000).unref();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutMs);
  const done = new Promise<CommandResult>((resolve) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, signal: null, stdout: '', stderr: `could not start npm: ${error.message}`, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), timedOut });
    });
  });
  return { done, stop };
}

async function write(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `usage: ${error.message}` : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
