import { describe, expect, it } from 'vitest';
import { lightStem } from './light-stem';

describe('lightStem', () => {
  it.each([
    [['employee', 'employees'], 'employee'],
    [['refund', 'refunds', 'refunded', 'refunding'], 'refund'],
    [['policy', 'policies'], 'policy'],
    [['box', 'boxes'], 'box'],
    [['match', 'matches'], 'match'],
    [['invoice', 'invoices'], 'invoice'],
    [['class', 'classes'], 'class'],
  ])('maps %j to one stem', (words, stem) => {
    for (const word of words) expect(lightStem(word)).toBe(stem);
  });

  it('leaves short words alone', () => {
    expect(lightStem('bus')).toBe('bus');
    expect(lightStem('is')).toBe('is');
  });
});
