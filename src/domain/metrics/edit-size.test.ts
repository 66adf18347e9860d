import { describe, expect, it } from 'vitest';
import { EDIT_SIZE_MAX_WORDS, editSize } from './edit-size';

describe('editSize', () => {
  it('is word-level edit distance over the longer text’s word count', () => {
    expect(editSize('Returns are accepted within 30 days.', 'Returns are accepted within 60 days.')).toBe(1 / 6);
    // "5." → "6", then "on" and "weekdays." inserted: 3 edits over 6 words.
    expect(editSize('Open 9 to 5.', 'Open 9 to 6 on weekdays.')).toBe(0.5);
    expect(editSize('a b c d', 'a c d')).toBe(0.25);
    expect(editSize('one two', 'three four five six')).toBe(1);
  });

  it('is 0 for the same words whatever the whitespace, and bounded by 1', () => {
    expect(editSize('Hello  there\nfriend', ' Hello there friend ')).toBe(0);
    expect(editSize('', '')).toBe(0);
    expect(editSize('', 'entirely new')).toBe(1);
    expect(editSize('Case', 'case')).toBe(1);
  });

  it('compares the first EDIT_SIZE_MAX_WORDS words only', () => {
    const head = Array.from({ length: EDIT_SIZE_MAX_WORDS }, (_, index) => `w${index}`).join(' ');
    expect(editSize(`${head} tail one`, `${head} something else entirely`)).toBe(0);
  });
});
