import { describe, expect, it } from 'vitest';
import { weightedShare, weightTerms } from './term-weights';

describe('weightTerms', () => {
  it('weighs a rare word above a common one, and a word in no passage highest', () => {
    const weighted = weightTerms('parking badge teams', { passages: 100, frequencies: { parking: 40, badge: 2, teams: 0 } });
    const [parking, badge, teams] = ['park', 'badge', 'team'].map((stem) => weighted.weight.get(stem)!);
    expect(badge).toBeGreaterThan(parking!);
    expect(teams).toBeGreaterThan(badge!);
    expect(teams).toBeCloseTo(weighted.ceiling, 6);
    expect(weighted.word.get('team')).toBe('teams');
  });

  it('weighs every word the same without statistics', () => {
    const weighted = weightTerms('parking badge', null);
    expect([...weighted.weight.values()]).toEqual([1, 1]);
    expect(weighted.total).toBe(2);
  });
});

describe('weightedShare', () => {
  it('counts a missing rare word more than a missing common one', () => {
    const weighted = weightTerms('office parking tesla', { passages: 100, frequencies: { office: 50, parking: 5, tesla: 0 } });
    const missingRare = weightedShare(weighted, new Set(['office', 'park']));
    const missingCommon = weightedShare(weighted, new Set(['park', 'tesla']));
    expect(missingCommon).toBeGreaterThan(missingRare);
    expect(weightedShare(weighted, new Set(['office', 'park', 'tesla']))).toBeCloseTo(1, 10);
  });
});
