import { characterEntities } from 'character-entities';
import { decodeNamedCharacterReference as original } from 'decode-named-character-reference';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS module (the Worker bundle's alias), without types.
import { decodeNamedCharacterReference as aliased } from './decode-named-character-reference.js';

describe('the Worker alias for decode-named-character-reference', () => {
  it('decodes every name the original table knows to the same text', () => {
    const names = Object.keys(characterEntities);
    expect(names.length).toBeGreaterThan(2000);
    const differing = names.filter((name) => aliased(name) !== original(name));
    expect(differing).toEqual([]);
  });

  it('answers false for names that are not entities, as the original does', () => {
    for (const name of ['notanentity', 'eacutex', 'AMP2', '']) expect(aliased(name)).toBe(original(name));
    expect(aliased('notanentity')).toBe(false);
  });
});
