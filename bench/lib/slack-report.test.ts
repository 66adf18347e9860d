import { describe, expect, it } from 'vitest';
import type { TargetFigures } from './interleaved-runs';
import { cpuBreakdown, describeSetup, type Level, printSummary, ratio, times, verdict } from './slack-report';

const figures = (p50: number, p99: number, errors = 0, requests = 1000): TargetFigures => ({
  requests,
  p50_ms: p50,
  p90_ms: p99,
  p99_ms: p99,
  p999_ms: p99,
  max_ms: p99,
  rps: 100,
  errors,
  errorKinds: errors > 0 ? { '503': errors } : {},
  cpu: { client_pct: 40, server_pct: 90, other_pct: 5, server_us_per_request: 120 },
});

const level = (worker: TargetFigures, bolt: TargetFigures, concurrency = 64): Level => ({
  concurrency,
  figures: { worker, bolt },
  p99_ratio: ratio(worker, bolt, 'p99_ms'),
  p50_ratio: ratio(worker, bolt, 'p50_ms'),
});

describe('ratio', () => {
  it('divides the worker figure by the bolt figure, to two decimals', () => {
    expect(ratio(figures(2, 30), figures(1, 9), 'p99_ms')).toBe(3.33);
    expect(ratio(figures(2, 30), figures(4, 9), 'p50_ms')).toBe(0.5);
  });

  it('has no ratio when either side acknowledged nothing', () => {
    expect(ratio(figures(0, 0, 10, 10), figures(1, 9), 'p99_ms')).toBeNull();
    expect(ratio(figures(1, 9), figures(0, 0, 10, 10), 'p99_ms')).toBeNull();
    expect(ratio(figures(1, 9), undefined, 'p99_ms')).toBeNull();
  });
});

describe('times', () => {
  it('says which side is slower in words', () => {
    expect(times(2.5)).toBe('2.5× (worker slower)');
    expect(times(0.8)).toBe('0.8× (worker faster)');
    expect(times(null)).toBe('n/a');
  });
});

describe('verdict', () => {
  it('says plainly which parts of the target are met at concurrency 64', () => {
    const [line] = verdict([level(figures(5, 40), figures(4, 20))]);
    expect(line).toContain('p99 under 100 ms: yes (40 ms)');
    expect(line).toContain('no errors: yes (0)');
    expect(line).toContain('faster than Bolt at p99: NO (worker 40 ms, bolt 20 ms: 2× (worker slower))');
  });

  it('fails the target on errors or a slow tail, and says when c64 was not measured', () => {
    const [line] = verdict([level(figures(5, 150, 3), figures(4, 200))]);
    expect(line).toContain('p99 under 100 ms: NO (150 ms)');
    expect(line).toContain('no errors: NO (3)');
    expect(line).toContain('faster than Bolt at p99: yes');
    expect(verdict([level(figures(1, 2), figures(1, 2), 16)])).toEqual(['Target (c64): not measured in this run.']);
  });
});

describe('printSummary', () => {
  it('prints one row per level with both ratios, and warns when other work took CPU', () => {
    const noisy = level(figures(5, 40), { ...figures(4, 20), cpu: { client_pct: 40, server_pct: 60, other_pct: 90, server_us_per_request: 80 } });
    const lines = printSummary([noisy], { durationSeconds: 10, maxRequests: 20000 });
    expect(lines.some((line) => /^\s+64 \|\s+5\s+40\s+100\s+0 \|\s+4\s+20\s+100\s+0 \|\s+1\.25 \|\s+2$/.test(line))).toBe(true);
    expect(lines.at(-1)).toContain('bolt at c64: 90%');
  });
});

describe('describeSetup', () => {
  it('says what each side does per request, including that Bolt stores nothing', () => {
    const text = describeSetup({ wranglerDev: false, withConsumer: false, throughEntryWorker: false, breakdown: true, durationSeconds: 10, rounds: 5, maxRequests: 20000, sameMessage: false }).join('\n');
    expect(text).toContain('queue send awaited');
    expect(text).toContain("on the Worker's own socket");
    expect(text).toContain('nothing stored or queued');
    expect(text).toContain('no-enqueue');
  });
});

describe('cpuBreakdown', () => {
  const withCpu = (us: number): TargetFigures => ({ ...figures(1, 2), cpu: { client_pct: 1, server_pct: 1, other_pct: 0, server_us_per_request: us } });

  it('splits the worker’s CPU per ack into runtime, app and queue send, beside Bolt’s', () => {
    const measured: Level = { concurrency: 64, figures: { worker: withCpu(218), 'no-enqueue': withCpu(66), empty: withCpu(35), bolt: withCpu(83) }, p99_ratio: null, p50_ratio: null };
    expect(cpuBreakdown(measured)).toBe('runtime 35 µs + app (Hono, middleware, verify, parse, filter) 31 µs + queue send 152 µs = 218 µs; bolt 83 µs');
  });

  it('says nothing without the breakdown variants', () => {
    expect(cpuBreakdown(level(withCpu(218), withCpu(83)))).toBeNull();
  });
});
