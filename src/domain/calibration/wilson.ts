/** A share with its 95% Wilson score interval: what the data allow the true rate to be. */
export interface RateInterval {
  count: number;
  of: number;
  /** Null when there is nothing to divide by. */
  rate: number | null;
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959964;

/**
 * The Wilson score interval for `count` successes out of `of` trials. Unlike
 * the normal approximation it stays inside [0, 1] and is honest at small
 * samples and at rates near 0 or 1 (all approved is not "100% ± 0"), which
 * is where a send gate works. With no trials it is the whole of [0, 1].
 */
export function wilsonInterval(count: number, of: number, z = Z_95): RateInterval {
  if (!Number.isInteger(count) || !Number.isInteger(of) || count < 0 || of < 0 || count > of) {
    throw new RangeError('count and of must be whole numbers with 0 <= count <= of');
  }
  if (of === 0) return { count, of, rate: null, low: 0, high: 1 };
  const p = count / of;
  const z2 = z * z;
  const denominator = 1 + z2 / of;
  const centre = (p + z2 / (2 * of)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / of + z2 / (4 * of * of))) / denominator;
  // Exact at the ends: k = 0 has low 0 and k = n has high 1 (no rounding drift).
  return { count, of, rate: p, low: count === 0 ? 0 : Math.max(0, centre - half), high: count === of ? 1 : Math.min(1, centre + half) };
}

/**
 * The fewest decisions, all approved, whose Wilson lower bound reaches
 * `target`: below this many, no threshold can meet the target, whatever
 * staff decided. From n / (n + z²) >= target.
 */
export function decisionsToReach(target: number, z = Z_95): number {
  if (!(target > 0 && target < 1)) throw new RangeError('target must be in (0, 1)');
  let n = Math.ceil((z * z * target) / (1 - target));
  // Guard the float edge: step until the bound really is met.
  while (wilsonInterval(n, n, z).low < target) n++;
  return n;
}
