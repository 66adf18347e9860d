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
      samples: [1, 2, 3, 3, 4, 1],
      timeDeltas: [344_000, 1_000, 2_500, 1_500, 500, 9_000],
    };
    expect(startupCpu(profile)).toEqual({
      cpuMs: 5.5,
      samples: 4,
      topUrls: [
        ['index.js', 4],
        ['(program)', 1],
        ['(garbage collector)', 0.5],
      ],
    });
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
