import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CpuSample, cpuShare, descendantPids, descendantsOf, parseMachineStat, parseProcStat, startCpuMeter } from './process-cpu';

describe('parseProcStat', () => {
  it('reads the pid, name, parent and user plus system time (ticks of 10 ms)', () => {
    const line = '4242 (workerd) S 4200 4242 4200 0 -1 4194560 9146 0 0 0 1234 56 0 0 20 0 4 0 123 456789 1234 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ pid: 4242, comm: 'workerd', ppid: 4200, cpuMs: 12900 });
  });

  it('copes with spaces and parentheses in the process name', () => {
    const line = '77 (V8 (Default) Worker) R 1 77 1 0 -1 0 0 0 0 0 3 2 0 0 20 0 1 0 5 0 0';
    expect(parseProcStat(line)).toMatchObject({ pid: 77, comm: 'V8 (Default) Worker', ppid: 1, cpuMs: 50 });
  });

  it('refuses what is not a stat line', () => {
    expect(() => parseProcStat('hello')).toThrow();
  });
});

describe('parseMachineStat', () => {
  it('counts every state but idle and iowait as busy, over all cores', () => {
    const text = 'cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\n';
    expect(parseMachineStat(text)).toEqual({ busyMs: (100 + 5 + 50 + 3 + 2 + 1) * 10 });
  });
});

describe('descendantsOf', () => {
  it('finds children and grandchildren, not siblings or parents', () => {
    const stat = (pid: number, ppid: number, comm = 'node') => ({ pid, ppid, comm, cpuMs: 0 });
    const all = [stat(1, 0), stat(10, 1), stat(11, 10, 'workerd'), stat(12, 11, 'workerd'), stat(20, 1), stat(13, 10)];
    expect(descendantsOf(all, 10).map((found) => found.pid).sort()).toEqual([11, 12, 13]);
    expect(descendantsOf(all, 12)).toEqual([]);
  });
});

describe('cpuShare', () => {
  const sample = (overrides: Partial<CpuSample> = {}): CpuSample => ({ wallMs: 1000, clientMs: 400, serverMs: 900, machineMs: 1500, ...overrides });

  it('adds up rounds into % of one core, and server CPU per acknowledgement', () => {
    expect(cpuShare([sample(), sample({ clientMs: 600, serverMs: 700, machineMs: 1700 })], 4000)).toEqual({
      client_pct: 50,
      server_pct: 80,
      other_pct: 30,
      server_us_per_request: 400,
    });
  });

  it('never reports negative other load, and says n/a where /proc could not', () => {
    expect(cpuShare([sample({ machineMs: 1200 })], 1).other_pct).toBe(0);
    expect(cpuShare([sample({ serverMs: null, machineMs: null })], 100)).toEqual({ client_pct: 40, server_pct: null, other_pct: null, server_us_per_request: null });
    expect(cpuShare([], 0).server_pct).toBeNull();
  });
});

describe.runIf(existsSync('/proc/self/stat'))('on Linux', () => {
  it('finds a child process by name and measures its CPU', async () => {
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 300; while (Date.now() < end); setTimeout(() => {}, 5000)']);
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(descendantPids(process.pid)).toContain(child.pid);
      expect(descendantPids(process.pid, 'no-such-name')).toEqual([]);
      const meter = startCpuMeter([child.pid!]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const measured = meter.stop();
      expect(measured.serverMs).toBeGreaterThan(0);
      expect(measured.machineMs).toBeGreaterThan(0);
    } finally {
      child.kill();
    }
  });
});
