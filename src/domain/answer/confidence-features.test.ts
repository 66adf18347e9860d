import { describe, expect, it } from 'vitest';
import { questionAnswerType } from './answer-type';
import { type ModelSignals, confidenceFeatures } from './confidence-features';
import { passage } from './confidence-test-fixtures';
import { rankUnits } from './rank-units';
import { type TermStatistics, weightTerms } from './term-weights';
import type { Passage } from './types';

const STATS: TermStatistics = { passages: 200, frequencies: { parking: 3, garage: 2, office: 80, teams: 0, integration: 4, badge: 2, level: 20 } };
const PARKING = passage(1, ['Office handbook', 'Parking'], 'Employees can park in the garage on level -1. Ask reception for a parking badge; it takes three working days.', 12);
const LUNCH = passage(2, ['Office handbook', 'Lunch'], 'Lunch is served on Thursdays in the office kitchen.', 4);

function features(question: string, passages: Passage[], options: { hybrid?: boolean; model?: ModelSignals | null } = {}) {
  const weighted = weightTerms(question, STATS);
  const answerType = questionAnswerType(question);
  return confidenceFeatures({ weighted, passages, ranked: rankUnits(passages, weighted, answerType), answerType, hybrid: options.hybrid ?? false, model: options.model ?? null });
}

describe('confidenceFeatures', () => {
  it('IDF coverage: a missing rare word costs more than a missing common one', () => {
    const missingRare = features('office garage teams', [PARKING, LUNCH]);
    const missingCommon = features('office garage badge', [PARKING]);
    expect(missingRare.coverage).toBeLessThan(missingCommon.coverage!);
    expect(missingRare.rare_word_missing).toBeCloseTo(1, 2);
    expect(features('parking garage badge', [PARKING]).rare_word_missing).toBe(0);
  });

  it('a misspelt word the knowledge base has nowhere counts as found when a top passage has the word it was meant to be', () => {
    const typo = features('parking garage recepiton', [PARKING]);
    const correct = features('parking garage reception', [PARKING]);
    expect(typo.rare_word_missing).toBe(0);
    expect(typo.coverage).toBe(1);
    expect(correct.coverage).toBe(1);
    // A word that is no misspelling of any passage word still counts as missing.
    expect(features('parking garage vesting', [PARKING]).rare_word_missing).toBeCloseTo(1, 2);
  });

  it('co-occurrence: the words together in one sentence score above the same words spread over sentences', () => {
    const together = passage(1, ['Handbook', 'Misc'], 'The garage badge is at reception. Something else entirely.');
    const apart = passage(1, ['Handbook', 'Misc'], 'The garage is big. Something else entirely. A badge is at reception.');
    const a = features('garage badge', [together]);
    const b = features('garage badge', [apart]);
    expect(a.coverage).toBe(b.coverage);
    expect(a.together).toBeGreaterThan(b.together!);
  });

  it('heading match: the question names the section', () => {
    expect(features('parking level', [PARKING]).heading_match).toBeGreaterThan(0.5);
    expect(features('garage rules', [PARKING]).heading_match).toBe(0);
  });

  it('score against the best possible: repeating the words scores higher, never above 1', () => {
    const once = features('garage badge', [passage(1, ['Handbook', 'Misc'], 'The garage badge.')]);
    const often = features('garage badge', [passage(1, ['Handbook', 'Misc'], 'The garage badge. Garage badge rules. Every garage needs a badge.')]);
    expect(often.score_vs_best).toBeGreaterThan(once.score_vs_best!);
    expect(often.score_vs_best).toBeLessThanOrEqual(1);
  });

  it('gap to the next passage: clear winner 1, near tie about 0', () => {
    expect(features('parking', [PARKING, LUNCH]).gap).toBe(1);
    expect(features('parking', [passage(1, ['A', 'B'], 'parking', 10), passage(2, ['A', 'C'], 'parking', 9.9)]).gap).toBeCloseTo(0.01, 2);
  });

  it('gap to the next passage in evidence terms: large when one section answers, near 0 when two do', () => {
    const badge = passage(2, ['Visitors guide', 'Parking'], 'Visitors park in the garage on level -1 too; reception gives them a parking badge.', 11);
    expect(features('parking garage', [PARKING, LUNCH]).passage_gap).toBeGreaterThan(0.5);
    expect(features('parking garage', [PARKING, badge]).passage_gap).toBeLessThan(0.1);
  });

  it('retriever agreement only in hybrid mode: +1 agree, −1 disagree, 0 lexical', () => {
    const agreed = { ...PARKING, ranks: { lexical: 1, semantic: 2 } };
    const disputed = { ...PARKING, ranks: { lexical: 1, semantic: 9 } };
    expect(features('parking', [agreed], { hybrid: true }).retrievers_agree).toBe(1);
    expect(features('parking', [disputed], { hybrid: true }).retrievers_agree).toBe(-1);
    expect(features('parking', [agreed]).retrievers_agree).toBe(0);
  });

  it('answer type: a "how many days" question matched by a number, a price question by none', () => {
    expect(features('how many days does a parking badge take?', [PARKING]).answer_type).toBe(1);
    expect(features('how much does a parking badge cost?', [PARKING]).answer_type).toBe(-1);
    expect(features('parking badge', [PARKING]).answer_type).toBe(0);
  });

  it('model features: zero for a clean answer, set for partial, not found, invented or missing citations, grounding and logprobs', () => {
    const clean = features('parking', [PARKING], { model: { assessment: 'answered', citations: { valid: 1, invalid: 0 }, answerOverlap: 1, logprobs: [0, 0] } });
    expect(clean).toMatchObject({ model_partial: 0, model_not_found: 0, no_citation: 0, invented_citation: 0, grounding_shortfall: 0, token_uncertainty: 0 });
    const weak = features('parking', [PARKING], { model: { assessment: 'partial', citations: { valid: 1, invalid: 1 }, answerOverlap: 0.6, logprobs: [Math.log(0.5)] } });
    expect(weak).toMatchObject({ model_partial: 1, invented_citation: 1, grounding_shortfall: 0.7, token_uncertainty: 0.5 });
    expect(features('parking', [PARKING], { model: { assessment: 'not_found', citations: { valid: 0, invalid: 0 }, answerOverlap: 0, logprobs: null } })).toMatchObject({
      model_not_found: 1,
      no_citation: 1,
      grounding_shortfall: 1,
    });
    expect(features('parking', [PARKING])).not.toHaveProperty('model_partial');
  });

  it('no passage: a single feature that says so', () => {
    expect(features('parking', [])).toEqual({ no_passage: 1 });
  });
});
