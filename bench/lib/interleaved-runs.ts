import { type CpuSample, type CpuShare, cpuShare, startCpuMeter } from './process-cpu';
import type { SignedRequest } from './signed-events';
import { type LoadFigures, type LoadSample, loadFigures, runLoad } from './slack-load';

export interface Target {
  name: string;
  url: string;
  /** The server's processes, for CPU accounting. */
  pids: number[];
  /** Runs after each of this target's runs, untimed (e.g. waiting for a queue consumer to catch up). */
  afterRun?: () => Promise<void>;
}

export interface TargetFigures extends LoadFigures {
  cpu: CpuShare;
}

export interface InterleavedOptions {
  targets: Target[];
  concurrency: number;
  /** Measured time per target, split evenly over the rounds. */
  durationMs: number;
  rounds: number;
  /** At most this many requests per target, split evenly over the rounds. */
  maxRequests: number;
  /** Builds and signs `count` requests; called before each run, outside the timed window. */
  makeRequests(count: number): SignedRequest[];
  /** Checked between runs: true stops early with what was measured so far. */
  interrupted?: () => boolean;
}

/**
 * Measures several targets at one concurrency in alternating rounds (A B,
 * B A, A B, ...) and pools each target's rounds. On a shared machine, load
 * from other work comes and goes; interleaving spreads it over every target
 * instead of letting it fall on whichever happened to run at the time.
 */
export async function measureInterleaved(options: InterleavedOptions): Promise<Map<string, TargetFigures>> {
  const rounds = Math.max(1, Math.floor(options.rounds));
  const perRunMs = options.durationMs / rounds;
  const perRunRequests = Math.ceil(options.maxRequests / rounds);
  const samples = new Map(options.targets.map((target) => [target.name, { load: [] as LoadSample[], cpu: [] as CpuSample[] }]));
  for (let round = 0; round < rounds && !options.interrupted?.(); round++) {
    for (const target of alternate(options.targets, round)) {
      if (options.interrupted?.()) break;
      const requests = options.makeRequests(perRunRequests);
      const meter = startCpuMeter(target.pids);
      const sample = await runLoad({ url: target.url, requests, concurrency: options.concurrency, durationMs: perRunMs });
      const mine = samples.get(target.name)!;
      mine.cpu.push(meter.stop());
      mine.load.push(sample);
      await target.afterRun?.();
    }
  }
  const figures = new Map<string, TargetFigures>();
  for (const [name, mine] of samples) {
    if (mine.load.length === 0) continue;
    const load = loadFigures(mine.load);
    figures.set(name, { ...load, cpu: cpuShare(mine.cpu, load.requests - load.errors) });
  }
  return figures;
}

/** The targets in order on even rounds, reversed on odd ones. */
export function alternate<T>(targets: T[], round: number): T[] {
  return round % 2 === 0 ? [...targets] : [...targets].reverse();
}
