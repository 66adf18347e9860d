import { describe, expect, it } from 'vitest';
import { countKind, countsText, kneeIndex, latency, latencyText, mapLimit, networkCode, sumCounts, table } from './load-figures';

describe('latency', () => {
  it('gives nearest-rank p50, p99 and the maximum, rounded to hundredths of a millisecond', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1.004);
    expect(latency(values)).toEqual({ count: 100, p50_ms: 50, p99_ms: 99, max_ms: 100 });
  });

  it('is all zeros without measurements, and says n/a rather than 0 ms', () => {
    expect(latency([])).toEqual({ count: 0, p50_ms: 0, p99_ms: 0, max_ms: 0 });
    expect(latencyText(latency([]))).toBe('n/a');
    expect(latencyText(latency([10, 20]))).toBe('p50 10 / p99 20 ms');
  });
});

describe('kneeIndex', () => {
  it('finds the first step whose p99 is more than twice the previous step’s', () => {
    expect(kneeIndex([1000, 1500, 2900, 7000, 20000])).toBe(3);
  });

  it('needs strictly more than twice: exactly twice is not a knee', () => {
    expect(kneeIndex([100, 200, 400])).toBeNull();
  });

  it('skips steps without replies, comparing with the last step that had some', () => {
    expect(kneeIndex([100, null, 150, 301])).toBe(3);
    expect(kneeIndex([null, 100, 250])).toBe(2);
  });

  it('is null with fewer than two measured steps', () => {
    expect(kneeIndex([])).toBeNull();
    expect(kneeIndex([5000])).toBeNull();
    expect(kneeIndex([null, null])).toBeNull();
  });
});

describe('counts by kind', () => {
  it('adds, sums and prints them', () => {
    const counts: Record<string, number> = {};
    countKind(counts, 'http-429');
    countKind(counts, 'timeout');
    countKind(counts, 'http-429');
    expect(counts).toEqual({ 'http-429': 2, timeout: 1 });
    expect(sumCounts(counts)).toBe(3);
    expect(countsText(counts)).toBe('http-429: 2, timeout: 1');
    expect(countsText({})).toBe('none');
  });
});

describe('table', () => {
  it('pads every column to its widest cell', () => {
    expect(table(['users', 'p99'], [[4, '1.5'], [256, '12000.25']])).toEqual(['users |      p99', '    4 |      1.5', '  256 | 12000.25']);
  });
});

describe('mapLimit', () => {
  it('keeps the order of the results and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimit([30, 10, 20, 5, 1], 2, async (ms, index) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return index * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40]);
    expect(most).toBe(2);
  });
});

describe('networkCode', () => {
  it('takes the socket error code fetch puts in the cause', () => {
    expect(networkCode(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toBe('ECONNRESET');
    expect(networkCode(new TypeError('fetch failed'))).toBe('TypeError');
  });
});
