/** The parts of a V8 .cpuprofile (what `wrangler check startup` writes) that CPU time is read from. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  /** Microseconds since the previous sample, one per sample. */
  timeDeltas: number[];
}

/**
 * CPU time in a startup profile: the time of every sample that is not
 * "(idle)", in milliseconds. The sampler charges each interval to the sample
 * that ends it, so the idle wait before the script starts is left out and
 * compiling ("(program)"), garbage collection and the Worker's own top-level
 * code are counted. An interval is wall-clock time, so on a busy machine a
 * sample taken after the process was descheduled carries the wait too: each
 * interval is capped at twice the profile's median interval (the sampling
 * period), which keeps the figure to time the process actually ran. Also
 * the five source files that took the most.
 */
export function startupCpu(profile: CpuProfile): { cpuMs: number; samples: number; topUrls: [string, number][] } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const cap = 2 * median(profile.timeDeltas.filter((delta) => delta > 0));
  let micros = 0;
  let samples = 0;
  const byUrl = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    const delta = Math.min(profile.timeDeltas[index] ?? 0, cap);
    micros += delta;
    samples++;
    const where = frame.url || frame.functionName;
    byUrl.set(where, (byUrl.get(where) ?? 0) + delta / 1000);
  });
  const topUrls = [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return { cpuMs: micros / 1000, samples, topUrls };
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
