import { describe, expect, it } from 'vitest';
import { assessConfidence, type ConfidenceInput } from './confidence';

const STRONG: ConfidenceInput = {
  mode: 'model',
  evidence: { coverage: 1, missingTerms: [], margin: 1, retrieversAgree: null, passageCount: 5 },
  selfAssessment: 'answered',
  citations: { valid: 2, invalid: [] },
  answerOverlap: 0.8,
  logprobs: null,
};

describe('assessConfidence', () => {
  it('combines retrieval, self-assessment and grounding with the documented weights', () => {
    // (0.40·1 + 0.25·1 + 0.25·(1·0.8)) / 0.90 = 0.85 / 0.90
    const result = assessConfidence(STRONG);
    expect(result.score).toBeCloseTo(0.944, 3);
    expect(result.reasons).toContain('The model says the passages answer the question.');
    expect(result.reasons).toContain("2 of 2 citations are retrieved passages; 80% of the reply's words appear in them.");
  });

  it('adds token probability when logprobs are present', () => {
    const result = assessConfidence({ ...STRONG, logprobs: [Math.log(0.5), Math.log(0.5)] });
    // (0.85 + 0.10·0.5) / 1.00
    expect(result.score).toBeCloseTo(0.9, 3);
    expect(result.reasons).toContain('Token confidence (mean probability): 0.50.');
  });

  it('caps a reply that cites nothing at 0.40 and says why', () => {
    const result = assessConfidence({ ...STRONG, citations: { valid: 0, invalid: [] } });
    expect(result.score).toBe(0.4);
    expect(result.reasons).toContain('The reply cites no passage: weak grounding.');
  });

  it('caps a reply citing a passage that was never retrieved at 0.30', () => {
    const result = assessConfidence({ ...STRONG, citations: { valid: 1, invalid: ['P9'] } });
    expect(result.score).toBe(0.3);
    expect(result.reasons).toContain('Cites P9, which was not retrieved: possibly invented.');
  });

  it('caps "not found" at 0.20', () => {
    const result = assessConfidence({ ...STRONG, selfAssessment: 'not_found' });
    expect(result.score).toBeLessThanOrEqual(0.2);
    expect(result.reasons).toContain('The model says the passages do not answer the question.');
  });

  it('discounts retrieval when lexical and semantic search disagree', () => {
    const agree = assessConfidence({ ...STRONG, evidence: { ...STRONG.evidence, retrieversAgree: true } });
    const disagree = assessConfidence({ ...STRONG, evidence: { ...STRONG.evidence, retrieversAgree: false } });
    // Distinctness 1 against 0.3, weighted 0.43 within R, R weighted 0.40 of 0.90.
    expect(agree.score - disagree.score).toBeCloseTo((0.4 * 0.43 * 0.7) / 0.9, 2);
    expect(disagree.reasons).toContain('Lexical and semantic search disagree on the best passage.');
  });

  it('in extractive mode is the retrieval evidence alone: coverage and margin, labelled as such', () => {
    const result = assessConfidence({
      ...STRONG,
      mode: 'extractive',
      selfAssessment: null,
      answerOverlap: null,
      evidence: { coverage: 0.6, missingTerms: ['parking'], margin: 0.5, retrieversAgree: null, passageCount: 3 },
    });
    // 0.57 · 0.6 + 0.43 · 0.5
    expect(result.score).toBeCloseTo(0.557, 3);
    expect(result.reasons).toContain('The best passage clearly outscores the others.');
    expect(result.reasons).toContain("Retrieval: the best passage covers 60% of the question's words.");
    expect(result.reasons).toContain('Not found in the top passages: "parking".');
    expect(result.reasons.some((reason) => reason.startsWith('Extractive mode'))).toBe(true);
  });

  it('for a verified answer is the question similarity', () => {
    const result = assessConfidence({ ...STRONG, mode: 'verified', verifiedSimilarity: 0.93 });
    expect(result.score).toBe(0.93);
    expect(result.reasons[0]).toMatch(/staff approved/);
  });

  it('scores retrieval zero when nothing was found', () => {
    const result = assessConfidence({
      ...STRONG,
      mode: 'extractive',
      evidence: { coverage: 0, missingTerms: ['parking'], margin: 0, retrieversAgree: null, passageCount: 0 },
    });
    expect(result.score).toBe(0);
    expect(result.reasons).toContain('Retrieval: no passage matched the question.');
  });

  it('stays within [0, 1]', () => {
    for (const coverage of [0, 0.3, 1]) {
      const { score } = assessConfidence({ ...STRONG, evidence: { ...STRONG.evidence, coverage }, logprobs: [0, -20] });
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });
});
