import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** Where and when a figure was measured: printed with every benchmark's results. */
export interface Machine {
  /** ISO 8601, UTC. */
  date: string;
  cpu: string;
  cores: number;
  memory_gib: number;
  os: string;
  node: string;
  /** The commit measured, with "+uncommitted changes" when the tree differs; null outside git. */
  commit: string | null;
}

export function describeMachine(now = new Date()): Machine {
  const cpus = os.cpus();
  return {
    date: now.toISOString(),
    cpu: cpus[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown',
    cores: cpus.length,
    memory_gib: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    commit: gitCommit(),
  };
}

/** One line for a report: "2026-11-26T06:30:00.000Z, Intel Xeon ... × 2 cores, 23.5 GiB, Linux 6.8 (x64), Node v20.20.2, commit e9bb908". */
export function machineLine(machine: Machine): string {
  const commit = machine.commit ? `, commit ${machine.commit}` : '';
  return `${machine.date}, ${machine.cpu} × ${machine.cores} cores, ${machine.memory_gib} GiB, ${machine.os}, Node ${machine.node}${commit}`;
}

function gitCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // The report being written is not a change to the code measured.
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '.', ':(exclude)bench/RESULTS.md'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head} (+uncommitted changes)` : head;
  } catch {
    return null;
  }
}
