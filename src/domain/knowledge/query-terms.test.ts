import { describe, expect, it } from 'vitest';
import { queryTerms } from './query-terms';
import { STOP_WORDS } from './stop-words';

describe('queryTerms', () => {
  it('lower-cases, splits on non-letters and drops stop words', () => {
    expect(queryTerms('Hi! How do I reset my Password?')).toEqual(['reset', 'password']);
  });

  it('drops possessive \'s and the apostrophe of contractions', () => {
    expect(queryTerms("What's the company's PTO policy?")).toEqual(['company', 'pto', 'policy']);
    expect(queryTerms("O'Reilly books")).toEqual(['oreilly', 'books']);
  });

  it('treats contractions written with or without an apostrophe as stop words', () => {
    expect(queryTerms("I don't get the bonus")).toEqual(['bonus']);
    expect(queryTerms('i dont get the bonus')).toEqual(['bonus']);
  });

  it('keeps the words of a question made only of stop words', () => {
    expect(queryTerms('What is it?')).toEqual(['what', 'is', 'it']);
    expect(queryTerms("don't")).toEqual(['dont']);
  });

  it('removes duplicates, keeping first-seen order', () => {
    expect(queryTerms('Vacation policy: vacation days and VACATION pay')).toEqual(['vacation', 'policy', 'days', 'pay']);
  });

  it('keeps letters and digits of any script and normalises full-width forms', () => {
    expect(queryTerms('Café résumé ＡＢＣ 401k 東京')).toEqual(['café', 'résumé', 'abc', '401k', '東京']);
  });

  it('returns nothing for punctuation or empty input', () => {
    expect(queryTerms('')).toEqual([]);
    expect(queryTerms('?!* -- "()"')).toEqual([]);
  });

  it('caps the number of terms', () => {
    const essay = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    expect(queryTerms(essay)).toHaveLength(32);
    expect(queryTerms(essay)[31]).toBe('word31');
    expect(queryTerms('alpha beta gamma', 2)).toEqual(['alpha', 'beta']);
  });

  it('uses a stop word list that contains the obvious words and not topic words', () => {
    for (const word of ['the', 'is', 'how', 'what', 'please', 'thanks']) expect(STOP_WORDS.has(word)).toBe(true);
    for (const word of ['vacation', 'password', 'invoice', '']) expect(STOP_WORDS.has(word)).toBe(false);
  });
});
