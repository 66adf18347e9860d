import { describe, expect, it } from 'vitest';
import { ftsMatchExpression } from './fts-query';

/** The user's part of the expression: what sits inside the text-columns filter. */
function userTerms(expression: string): string {
  const match = /^audience : \([^)]*\) AND \{title sections body\} : \((.*)\)$/.exec(expression);
  if (!match) throw new Error(`unexpected shape: ${expression}`);
  return match[1]!;
}

describe('ftsMatchExpression', () => {
  it('quotes each meaningful term, ORs them, and restricts them to the text columns', () => {
    expect(ftsMatchExpression('How do I reset my password?', ['public'])).toBe(
      'audience : ("public") AND {title sections body} : ("reset" OR "password")',
    );
  });

  it('puts every visible audience, and only those, in the audience filter', () => {
    expect(ftsMatchExpression('parking', ['internal', 'public'])).toMatch(/^audience : \("internal" OR "public"\) AND /);
    expect(ftsMatchExpression('parking', ['public'])).not.toContain('internal');
  });

  it('is null when there is nothing to search for, or nothing the reader may see', () => {
    expect(ftsMatchExpression('', ['public'])).toBeNull();
    expect(ftsMatchExpression('???', ['public'])).toBeNull();
    expect(ftsMatchExpression('parking', [])).toBeNull();
  });

  it.each([
    'foo" OR title:bar NEAR(',
    'col:val AND -x ^y "z" *',
    'NEAR(a b, 5) NOT c',
    '"); DROP TABLE chunks; --',
    '{title body}: term*',
    'audience : (internal) OR x',
  ])('reduces %j to quoted alphanumeric terms only', (attack) => {
    const expression = ftsMatchExpression(attack, ['public']);
    expect(expression).not.toBeNull();
    const parts = userTerms(expression!).split(' OR ');
    for (const part of parts) expect(part).toMatch(/^"[\p{L}\p{N}]+"$/u);
    expect(expression!.startsWith('audience : ("public") AND ')).toBe(true);
  });

  it('turns the injection example into plain words, with the bare OR dropped as a stop word', () => {
    expect(userTerms(ftsMatchExpression('foo" OR title:bar NEAR(', ['public'])!)).toBe('"foo" OR "title" OR "bar" OR "near"');
  });
});
