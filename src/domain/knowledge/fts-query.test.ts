import { describe, expect, it } from 'vitest';
import { ftsMatchExpression } from './fts-query';

describe('ftsMatchExpression', () => {
  it('quotes each meaningful term and ORs them', () => {
    expect(ftsMatchExpression('How do I reset my password?')).toBe('"reset" OR "password"');
  });

  it('is null when there is nothing to search for', () => {
    expect(ftsMatchExpression('')).toBeNull();
    expect(ftsMatchExpression('???')).toBeNull();
  });

  it.each([
    'foo" OR title:bar NEAR(',
    'col:val AND -x ^y "z" *',
    'NEAR(a b, 5) NOT c',
    '"); DROP TABLE chunks; --',
    '{title body}: term*',
  ])('reduces %j to quoted alphanumeric terms only', (attack) => {
    const expression = ftsMatchExpression(attack);
    expect(expression).not.toBeNull();
    const parts = expression!.split(' OR ');
    for (const part of parts) expect(part).toMatch(/^"[\p{L}\p{N}]+"$/u);
    // Nothing is left outside the quoted terms and their OR separators.
    expect(parts.join(' OR ')).toBe(expression);
  });

  it('turns the injection example into plain words, with the bare OR dropped as a stop word', () => {
    expect(ftsMatchExpression('foo" OR title:bar NEAR(')).toBe('"foo" OR "title" OR "bar" OR "near"');
  });
});
