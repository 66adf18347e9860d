import { describe, expect, it } from 'vitest';
import { type CalibrationModel, predictApproval } from '../calibration/logistic';
import { questionAnswerType } from './answer-type';
import { assessConfidence, type ConfidenceInput } from './confidence';
import type { ModelSignals } from './confidence-features';
import { CONFIDENCE_PRIOR } from './confidence-prior';
import { passage } from './confidence-test-fixtures';
import { rankUnits } from './rank-units';
import { weightTerms } from './term-weights';
import type { Passage } from './types';

const PARKING = passage(1, ['Office handbook', 'Parking'], 'Employees can park in the garage on level -1. Ask reception for a parking badge; it takes three working days.', 12);
const LUNCH = passage(2, ['Office handbook', 'Lunch'], 'Lunch is served on Thursdays.', 3);
const STATS = { passages: 50, frequencies: { parking: 2, garage: 1, badge: 1, employee: 20, dress: 0, code: 0 } };
const CLEAN: ModelSignals = { assessment: 'answered', citations: { valid: 1, invalid: 0 }, answerOverlap: 0.9, logprobs: null };

function input(question: string, passages: Passage[], overrides: Partial<ConfidenceInput> = {}): ConfidenceInput {
  const weighted = weightTerms(question, STATS);
  const answerType = questionAnswerType(question);
  return {
    mode: 'extractive',
    weighted,
    passages,
    ranked: rankUnits(passages, weighted, answerType),
    answerType,
    hybrid: false,
    model: null,
    calibration: CONFIDENCE_PRIOR.model,
    reference: CONFIDENCE_PRIOR.reference,
    ...overrides,
  };
}

describe('assessConfidence', () => {
  it('is the calibration model applied to the draft features: P(staff approve unedited)', () => {
    const result = assessConfidence(input('where do employees park? is there a garage badge?', [PARKING, LUNCH]));
    expect(result.score).toBeCloseTo(predictApproval(CONFIDENCE_PRIOR.model, result.features), 3);
    expect(result.features).toMatchObject({ coverage: expect.any(Number), together: expect.any(Number), gap: 1 });
    expect(result.reasons[0]).toMatch(/^\d+% likely to be approved as written, by the calibration fitted on \d+ decisions/);
    expect(result.reasons.some((reason) => reason.startsWith('Extractive mode'))).toBe(true);
  });

  it('scores a well-covered question above a trap that shares only common words', () => {
    const answer = assessConfidence(input('parking garage badge', [PARKING, LUNCH]));
    const trap = assessConfidence(input('employee dress code', [PARKING, LUNCH]));
    expect(answer.score).toBeGreaterThan(trap.score);
  });

  it('names the features that moved the score most, in plain words with the words as asked', () => {
    const result = assessConfidence(input('what is the dress code in the garage?', [PARKING, LUNCH]));
    const featureReasons = result.reasons.filter((reason) => /^(Raises|Lowers) confidence: /.test(reason));
    expect(featureReasons.length).toBeGreaterThan(0);
    expect(result.reasons.some((reason) => reason.includes('No top passage mentions "dress", "code"'))).toBe(true);
    // No word stems: every quoted word is one the asker wrote.
    for (const word of result.reasons.join(' ').match(/"([^"]+)"/g) ?? []) expect('what is the dress code in the garage?').toContain(word.slice(1, -1));
  });

  it('uses the calibration it is given (a channel refit), not only the prior', () => {
    const strict: CalibrationModel = { ...CONFIDENCE_PRIOR.model, intercept: CONFIDENCE_PRIOR.model.intercept - 3 };
    const prior = assessConfidence(input('parking garage badge', [PARKING]));
    const refit = assessConfidence(input('parking garage badge', [PARKING], { calibration: strict }));
    expect(refit.score).toBeLessThan(prior.score);
  });

  describe('model mode', () => {
    const model = (signals: Partial<ModelSignals>) => input('parking garage badge', [PARKING, LUNCH], { mode: 'model', model: { ...CLEAN, ...signals } });

    it('an answered, cited, grounded reply keeps the retrieval evidence score', () => {
      const extractive = assessConfidence(input('parking garage badge', [PARKING, LUNCH]));
      const answered = assessConfidence(model({ answerOverlap: 1 }));
      expect(answered.score).toBeCloseTo(extractive.score, 2);
    });

    it('lowers the score for partial, not found, no citation, an invented citation and unsure tokens, in that spirit', () => {
      const clean = assessConfidence(model({})).score;
      const partial = assessConfidence(model({ assessment: 'partial' })).score;
      const notFound = assessConfidence(model({ assessment: 'not_found' })).score;
      const uncited = assessConfidence(model({ citations: { valid: 0, invalid: 0 } })).score;
      const invented = assessConfidence({ ...model({ citations: { valid: 1, invalid: 1 } }), invalidCitations: ['P9'] });
      const unsure = assessConfidence(model({ logprobs: [Math.log(0.4), Math.log(0.5)] })).score;
      expect(partial).toBeLessThan(clean);
      expect(notFound).toBeLessThan(partial);
      expect(uncited).toBeLessThan(clean);
      expect(invented.score).toBeLessThan(clean);
      expect(invented.reasons).toContain('Cites P9, which was not retrieved.');
      expect(invented.reasons.some((reason) => reason.includes('never retrieved: possibly invented'))).toBe(true);
      expect(unsure).toBeLessThan(clean);
      expect(notFound).toBeLessThan(0.2);
    });

    it('says in words what the model reported', () => {
      expect(assessConfidence(model({ assessment: 'not_found' })).reasons).toContain('Lowers confidence: The model says the passages do not answer the question.');
    });
  });

  it('records retriever disagreement in hybrid mode as a feature', () => {
    const disputed = { ...PARKING, ranks: { lexical: 1, semantic: 12 } };
    expect(assessConfidence(input('parking garage badge', [disputed], { hybrid: true })).features.retrievers_agree).toBe(-1);
  });

  it('for a verified answer is the question similarity', () => {
    const result = assessConfidence(input('parking', [PARKING], { mode: 'verified', verifiedSimilarity: 0.93 }));
    expect(result.score).toBe(0.93);
    expect(result.features).toEqual({ verified_similarity: 0.93 });
    expect(result.reasons[0]).toMatch(/staff approved/);
  });

  it('with nothing retrieved says so and scores low', () => {
    const result = assessConfidence(input('parking', []));
    expect(result.features).toEqual({ no_passage: 1 });
    expect(result.score).toBeLessThan(0.2);
  });

  it('stays within [0, 1]', () => {
    for (const question of ['parking', 'dress code', 'parking garage badge employee']) {
      const { score } = assessConfidence(input(question, [PARKING, LUNCH], { mode: 'model', model: { ...CLEAN, logprobs: [0, -20] } }));
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });
});
