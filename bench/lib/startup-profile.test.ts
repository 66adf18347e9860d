import { describe, expect, it } from 'vitest';
import { median, startupCpu } from './startup-profile';

const frame = (functionName: string, url = '') => ({ functionName, url });

describe('startupCpu', () => {
  it('adds up the samples that are not idle, and names where the time went', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)') },
        { id: 2, callFrame: frame('(program)') },
        { id: 3, callFrame: frame('parse', 'index.js') },
        { id: 4, callFrame: frame('(garbage collector)') },
      ],
      samples: [1, 2, 3, 3, 4, 1, 2],
      timeDeltas: [344_000, 1_000, 1_200, 800, 500, 9_000, 1_100],
    };
    expect(startupCpu(profile)).toEqual({
      cpuMs: 4.6,
      samples: 5,
      topUrls: [
        ['(program)', 2.1],
        ['index.js', 2],
        ['(garbage collector)', 0.5],
      ],
    });
  });

  it('caps an interval at twice the sampling period, so time descheduled on a busy machine is not counted', () => {
    const profile = {
      nodes: [{ id: 1, callFrame: frame('run', 'index.js') }],
      samples: [1, 1, 1, 1],
      timeDeltas: [1_000, 1_000, 1_000, 50_000],
    };
    expect(startupCpu(profile).cpuMs).toBe(5);
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
