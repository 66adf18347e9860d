import type { Ratio } from './types';

/** `count / of`, with the denominator kept; null rather than NaN when `of` is 0. */
export function ratio(count: number, of: number): Ratio {
  return { count, of, rate: of > 0 ? count / of : null };
}

/**
 * The nearest-rank percentile: the smallest value such that at least p% of
 * the values are less than or equal to it, i.e. the value at 1-based rank
 * ceil(p / 100 × n) of the sorted values. Always one of the observed values
 * (no interpolation), so "p90 = 120 s" means a real decision took 120 s.
 * Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError('p must be in (0, 100]');
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1]!;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** 0.95 → "95%", 0.96667 → "96.7%": for sentences, never for stored figures. */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}
