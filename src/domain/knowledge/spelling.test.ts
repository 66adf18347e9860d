import { describe, expect, it } from 'vitest';
import { correctTerm, editDistance, maxEditsFor, vocabularyOf } from './spelling';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['import', 'import', 0],
    ['imoprt', 'import', 1],
    ['subscripton', 'subscription', 1],
    ['contracter', 'contractor', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s → %s is %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('correctTerm', () => {
  const vocabulary = [
    { term: 'subscription', documents: 12 },
    { term: 'subscriptions', documents: 3 },
    { term: 'import', documents: 9 },
    { term: 'imports', documents: 2 },
    { term: 'parking', documents: 4 },
    { term: 'packing', documents: 1 },
  ];

  it('repairs one slip in a medium word and two in a long one', () => {
    expect(correctTerm('imoprt', vocabulary)).toBe('import');
    expect(correctTerm('subscripton', vocabulary)).toBe('subscription');
    expect(correctTerm('subscrpiton', vocabulary)).toBe('subscription');
  });

  it('prefers the closer word, then the one in more passages', () => {
    expect(correctTerm('parkinf', vocabulary)).toBe('parking');
    expect(correctTerm('pcaking', [{ term: 'packing', documents: 1 }, { term: 'parking', documents: 9 }])).toBe('packing');
  });

  it('leaves short words and words with no near neighbour alone', () => {
    expect(maxEditsFor('vpn')).toBe(0);
    expect(correctTerm('gym', [{ term: 'gyms', documents: 3 }])).toBeNull();
    expect(correctTerm('zeppelin', vocabulary)).toBeNull();
  });
});

describe('vocabularyOf', () => {
  it('keeps distinct lower-cased words of five letters or more, without numbers', () => {
    expect(vocabularyOf(['Parking is FREE for staff', 'parking badges 12345 cost €10']).sort()).toEqual(['badges', 'parking', 'staff'].sort());
  });
});
