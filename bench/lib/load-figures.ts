import { percentile } from './metrics';

/** Latency figures of one set of measurements, in milliseconds (0 when there are none). */
export interface Latency {
  count: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

export function latency(values: number[]): Latency {
  return {
    count: values.length,
    p50_ms: round(percentile(values, 50)),
    p99_ms: round(percentile(values, 99)),
    max_ms: round(percentile(values, 100)),
  };
}

/** "p50 12.3 / p99 45.6 ms", or "n/a" with no measurements. */
export function latencyText(figures: Latency): string {
  return figures.count === 0 ? 'n/a' : `p50 ${figures.p50_ms} / p99 ${figures.p99_ms} ms`;
}

/**
 * Where latency bends: the index of the first step whose reply p99 is more
 * than twice the previous step's (steps in rising concurrency), or null when
 * none is. A step without replies has no p99 and is skipped as a reference.
 */
export function kneeIndex(p99s: (number | null)[]): number | null {
  let previous: number | null = null;
  for (const [index, p99] of p99s.entries()) {
    if (p99 === null) continue;
    if (previous !== null && previous > 0 && p99 > 2 * previous) return index;
    previous = p99;
  }
  return null;
}

/** Adds one to a count by kind ("http-429", "timeout" ...). */
export function countKind(counts: Record<string, number>, kind: string): void {
  counts[kind] = (counts[kind] ?? 0) + 1;
}

export function sumCounts(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** "http-429: 3, timeout: 1", or "none". */
export function countsText(counts: Record<string, number>): string {
  return Object.entries(counts).map(([kind, count]) => `${kind}: ${count}`).join(', ') || 'none';
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Runs `task` over `items` with at most `limit` at a time, keeping the order of the results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** What went wrong with a fetch: the socket error's code (ECONNRESET ...), which fetch wraps in `cause`. */
export function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'error';
}

/** A plain-text table: every column as wide as its widest cell, numbers and text right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string[] {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells.map((row) => row.map((cell, column) => cell.padStart(widths[column]!)).join(' | '));
}
