import { describe, expect, it } from 'vitest';
import { fnv1a32, stableId } from './hash';
import { splitItems } from './split';

const ids = (count: number, prefix = 'review-') => Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}` }));
const validationIds = (split: { validation: { id: string }[] }) => split.validation.map((entry) => entry.id).sort();

describe('fnv1a32', () => {
  it('matches the published FNV-1a test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('gives 16 hex digit ids that differ for different text', () => {
    expect(stableId('row one')).toMatch(/^[0-9a-f]{16}$/);
    expect(stableId('row one')).toBe(stableId('row one'));
    expect(stableId('row one')).not.toBe(stableId('row two'));
  });
});

describe('splitItems', () => {
  it('puts an item in validation exactly when its seeded hash falls under the fraction', () => {
    const items = ids(50);
    const split = splitItems(items, { seed: 's1', fraction: 0.2 });
    const expected = items.filter((entry) => fnv1a32(`s1:${entry.id}`) / 2 ** 32 < 0.2).map((entry) => entry.id);
    expect(validationIds(split)).toEqual(expected.sort());
    expect(split.training.length + split.validation.length).toBe(50);
  });

  it('gives the same split for the same seed and ids, whatever the input order', () => {
    const items = ids(300);
    const shuffled = [...items].sort((a, b) => fnv1a32(a.id) - fnv1a32(b.id));
    const first = splitItems(items, { seed: 'export-2026' });
    expect(validationIds(splitItems(shuffled, { seed: 'export-2026' }))).toEqual(validationIds(first));
    expect(validationIds(splitItems([...items].reverse(), { seed: 'export-2026' }))).toEqual(validationIds(first));
    expect(validationIds(splitItems(items, { seed: 'another-seed' }))).not.toEqual(validationIds(first));
  });

  it('keeps existing items on their side when new items arrive', () => {
    const before = splitItems(ids(100), { seed: 's' });
    const after = splitItems([...ids(100), ...ids(100, 'new-')], { seed: 's' });
    const afterValidation = new Set(after.validation.map((entry) => entry.id));
    expect(before.validation.every((entry) => afterValidation.has(entry.id))).toBe(true);
    expect(before.training.every((entry) => !afterValidation.has(entry.id))).toBe(true);
  });

  it('sends about the fraction asked for to validation (default 0.1)', () => {
    const split = splitItems(ids(2000), { seed: 'x' });
    expect(split.validation.length).toBeGreaterThan(150);
    expect(split.validation.length).toBeLessThan(250);
  });

  it('guarantees one validation item from 10 items up, and none below', () => {
    const ten = splitItems(ids(10), { seed: 'x', fraction: 1e-9 });
    expect(ten.validation).toHaveLength(1);
    expect(ten.training).toHaveLength(9);
    expect(splitItems(ids(10).reverse(), { seed: 'x', fraction: 1e-9 }).validation).toEqual(ten.validation);
    expect(splitItems(ids(9), { seed: 'x', fraction: 1e-9 }).validation).toHaveLength(0);
    expect(splitItems(ids(20), { seed: 'x', fraction: 0 }).validation).toHaveLength(0);
  });

  it('refuses a fraction outside [0, 1)', () => {
    expect(() => splitItems(ids(3), { seed: 'x', fraction: 1 })).toThrow(RangeError);
    expect(() => splitItems(ids(3), { seed: 'x', fraction: -0.1 })).toThrow(RangeError);
    expect(() => splitItems(ids(3), { seed: 'x', fraction: Number.NaN })).toThrow(RangeError);
  });
});
