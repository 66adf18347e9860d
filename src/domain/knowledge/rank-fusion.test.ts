import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './rank-fusion';

describe('reciprocalRankFusion', () => {
  const lists = [
    { name: 'lexical', ids: ['a', 'b', 'c'] },
    { name: 'semantic', ids: ['b', 'd'] },
  ];

  it('scores each item by the sum of 1 / (60 + rank) over the lists that rank it', () => {
    const fused = reciprocalRankFusion(lists);
    const score = Object.fromEntries(fused.map((item) => [item.id, item.score]));
    expect(score.a).toBeCloseTo(1 / 61, 12);
    expect(score.b).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(score.c).toBeCloseTo(1 / 63, 12);
    expect(score.d).toBeCloseTo(1 / 62, 12);
  });

  it('sorts by fused score, so an item in both lists outranks items in one', () => {
    expect(reciprocalRankFusion(lists).map((item) => item.id)).toEqual(['b', 'a', 'd', 'c']);
  });

  it('lets an item ranked second in both lists beat one ranked first in only one', () => {
    const fused = reciprocalRankFusion([
      { name: 'x', ids: ['solo', 'both'] },
      { name: 'y', ids: ['other', 'both'] },
    ]);
    expect(fused[0]!.id).toBe('both');
    expect(fused[0]!.score).toBeCloseTo(2 / 62, 12);
  });

  it('records the 1-based rank of each item in each list that has it', () => {
    const ranks = Object.fromEntries(reciprocalRankFusion(lists).map((item) => [item.id, item.ranks]));
    expect(ranks).toEqual({ a: { lexical: 1 }, b: { lexical: 2, semantic: 1 }, c: { lexical: 3 }, d: { semantic: 2 } });
  });

  it('applies list weights and a custom k', () => {
    const weighted = reciprocalRankFusion([
      { name: 'lexical', ids: ['a', 'b'] },
      { name: 'semantic', ids: ['c'], weight: 2 },
    ]);
    expect(weighted.map((item) => [item.id, item.score])).toEqual([
      ['c', 2 / 61],
      ['a', 1 / 61],
      ['b', 1 / 62],
    ]);
    expect(reciprocalRankFusion([{ name: 'x', ids: ['a', 'b'] }], 0).map((item) => item.score)).toEqual([1, 1 / 2]);
  });

  it('returns nothing for no lists or empty lists', () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([{ name: 'x', ids: [] }])).toEqual([]);
  });
});
