import { describe, expect, it } from 'vitest';
import { dedupeItems, jaccard, normalizeText, shingles } from './dedupe';
import { item } from './test-fixtures';

const answer =
  'Full-time employees get 25 vacation days a year, part-time staff accrue them pro rata, and unused days carry over until the end of March of the following year when they expire.';

describe('dedupeItems', () => {
  it('drops exact duplicates after normalizing case, punctuation and whitespace, keeping the newest', () => {
    const older = item({ id: 'old', question: 'How many vacation days?', finalAnswer: 'Twenty-five days.', createdAt: '2026-01-01T00:00:00Z' });
    const newer = item({ id: 'new', question: 'how many  VACATION days', finalAnswer: 'Twentyfive days', createdAt: '2026-02-01T00:00:00Z' });
    const result = dedupeItems([older, newer]);
    expect(result.kept.map((kept) => kept.id)).toEqual(['new']);
    expect(result.dropped).toBe(1);
    expect(result.drops).toEqual([{ id: 'old', duplicateOf: 'new', reason: 'exact' }]);
  });

  it('drops near-duplicates (one word changed in a long reply), keeping the newest', () => {
    const older = item({ id: 'a', finalAnswer: answer, createdAt: '2026-03-01T00:00:00Z' });
    const newer = item({ id: 'b', finalAnswer: `${answer} Thanks`, createdAt: '2026-04-01T00:00:00Z' });
    const similarity = jaccard(shingles(normalizeText(`${older.question} ${older.finalAnswer}`)), shingles(normalizeText(`${newer.question} ${newer.finalAnswer}`)));
    expect(similarity).toBeGreaterThanOrEqual(0.9);
    expect(similarity).toBeLessThan(1);
    const result = dedupeItems([newer, older]);
    expect(result.kept.map((kept) => kept.id)).toEqual(['b']);
    expect(result.drops).toEqual([{ id: 'a', duplicateOf: 'b', reason: 'near' }]);
  });

  it('keeps replies that differ in substance, in input order', () => {
    const items = [
      item({ id: 'x', finalAnswer: answer }),
      item({ id: 'y', finalAnswer: 'Part-time staff accrue vacation days pro rata to their contracted hours.' }),
      item({ id: 'z', question: 'Where do I park?', finalAnswer: 'Level -2 of the garage, with your badge.' }),
    ];
    const result = dedupeItems(items);
    expect(result.kept.map((kept) => kept.id)).toEqual(['x', 'y', 'z']);
    expect(result.dropped).toBe(0);
  });

  it('does not depend on input order, and honours the threshold', () => {
    const items = [
      item({ id: 'a', finalAnswer: answer, createdAt: '2026-03-01T00:00:00Z' }),
      item({ id: 'b', finalAnswer: `${answer} Thanks`, createdAt: '2026-04-01T00:00:00Z' }),
      item({ id: 'c', finalAnswer: answer.toUpperCase(), createdAt: '2026-02-01T00:00:00Z' }),
    ];
    expect(dedupeItems(items).kept.map((kept) => kept.id)).toEqual(['b']);
    expect(dedupeItems([...items].reverse()).kept.map((kept) => kept.id)).toEqual(['b']);
    expect(dedupeItems(items, { nearThreshold: 1 }).kept.map((kept) => kept.id)).toEqual(['a', 'b']);
  });

  it('treats an unreadable date as oldest', () => {
    const result = dedupeItems([item({ id: 'dated', createdAt: '2020-01-01T00:00:00Z' }), item({ id: 'undated', createdAt: 'yesterday' })]);
    expect(result.kept.map((kept) => kept.id)).toEqual(['dated']);
  });
});

describe('shingles and jaccard', () => {
  it('shingles three words at a time; shorter texts are one shingle', () => {
    expect([...shingles('a b c d')]).toEqual(['a b c', 'b c d']);
    expect([...shingles('hello there')]).toEqual(['hello there']);
    expect(shingles('').size).toBe(0);
  });

  it('measures overlap over union', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(jaccard(new Set(['a']), new Set(['a']))).toBe(1);
    expect(normalizeText("  Don't   STOP, ok?! ")).toBe('dont stop ok');
  });
});
