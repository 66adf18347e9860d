import { describe, expect, it } from 'vitest';
import { describeMachine, machineLine } from './report-machine';

describe('describeMachine', () => {
  it('describes this machine and the time given', () => {
    const machine = describeMachine(new Date('2026-11-26T06:00:00Z'));
    expect(machine.date).toBe('2026-11-26T06:00:00.000Z');
    expect(machine.cores).toBeGreaterThan(0);
    expect(machine.memory_gib).toBeGreaterThan(0);
    expect(machine.node).toBe(process.version);
  });
});

describe('machineLine', () => {
  it('puts everything on one line, the commit last', () => {
    const line = machineLine({ date: '2026-11-26T06:00:00.000Z', cpu: 'AMD EPYC', cores: 2, memory_gib: 23.5, os: 'Linux 6.8 (x64)', node: 'v20.20.2', commit: 'abc123' });
    expect(line).toBe('2026-11-26T06:00:00.000Z, AMD EPYC × 2 cores, 23.5 GiB, Linux 6.8 (x64), Node v20.20.2, commit abc123');
  });

  it('leaves the commit out outside git', () => {
    expect(machineLine({ date: 'd', cpu: 'c', cores: 1, memory_gib: 1, os: 'o', node: 'n', commit: null })).toBe('d, c × 1 cores, 1 GiB, o, Node n');
  });
});
