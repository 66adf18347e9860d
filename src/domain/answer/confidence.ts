import type { RetrievalEvidence } from './evidence';
import type { DraftMode, SelfAssessment } from './types';

/**
 * How far a draft can be trusted, in [0, 1], with the reasons a reviewer
 * reads. Components, each in [0, 1]:
 *
 *   R  retrieval   0.57 × coverage + 0.43 × distinctness, where coverage is the share
 *                  of the question's content words the best top-3 passage covers, and
 *                  distinctness is how far the top passage stands out (lexical: the
 *                  BM25 margin over the runner-up; hybrid: 1 when lexical and
 *                  semantic search agree on it, else 0.3). Weights fitted on the
 *                  development sets (bench/questions).
 *   M  model       the model's own assessment: answered 1, partial 0.5, not found 0
 *   G  grounding   share of citations that are retrieved passages × share of the
 *                  answer's content words found in the cited passages
 *   L  logprobs    mean token probability, exp(mean log-probability)
 *
 *   score = (0.40 R + 0.25 M + 0.25 G + 0.10 L) / (sum of the weights present)
 *
 * then capped: a reply that cites nothing ≤ 0.40; one citing a passage that
 * was never retrieved ≤ 0.30; a model that says "not found" ≤ 0.20.
 * Extractive drafts have only R (they quote passages verbatim, so grounding
 * is given and there is no model); verified drafts reuse an approved reply
 * and score the question's similarity to the approved one.
 */
export interface ConfidenceInput {
  mode: DraftMode;
  evidence: RetrievalEvidence;
  selfAssessment: SelfAssessment | null;
  citations: { valid: number; invalid: string[] };
  /** Share of the answer's content words found in the cited passages; null without a model. */
  answerOverlap: number | null;
  logprobs: number[] | null;
  /** For verified drafts: similarity of the question to the approved one. */
  verifiedSimilarity?: number;
}

export interface Confidence {
  score: number;
  reasons: string[];
}

const WEIGHTS = { retrieval: 0.4, model: 0.25, grounding: 0.25, logprobs: 0.1 };
const ASSESSMENT_VALUE: Record<SelfAssessment, number> = { answered: 1, partial: 0.5, not_found: 0 };

export function assessConfidence(input: ConfidenceInput): Confidence {
  const reasons: string[] = [];
  const { evidence } = input;

  if (input.mode === 'verified') {
    const similarity = input.verifiedSimilarity ?? 0;
    reasons.push(`Reuses a reply staff approved for a question ${percent(similarity)} similar, with the knowledge unchanged since.`);
    return { score: round(similarity), reasons };
  }

  const distinctness = evidence.retrieversAgree === null ? evidence.margin : evidence.retrieversAgree ? 1 : 0.3;
  const retrieval = evidence.passageCount === 0 ? 0 : 0.57 * evidence.coverage + 0.43 * distinctness;
  if (evidence.passageCount === 0) reasons.push('Retrieval: no passage matched the question.');
  else reasons.push(`Retrieval: the best passage covers ${percent(evidence.coverage)} of the question's words.`);
  if (evidence.missingTerms.length > 0) reasons.push(`Not found in the top passages: ${evidence.missingTerms.slice(0, 5).map((t) => `"${t}"`).join(', ')}.`);
  if (evidence.retrieversAgree === true) reasons.push('Lexical and semantic search agree on the best passage.');
  else if (evidence.retrieversAgree === false) reasons.push('Lexical and semantic search disagree on the best passage.');
  else if (evidence.passageCount > 0) {
    reasons.push(evidence.margin >= 0.5 ? 'The best passage clearly outscores the others.' : 'Other passages score almost as well as the best one.');
  }

  if (input.mode === 'extractive') {
    reasons.push('Extractive mode: no model is configured, so the reply quotes the knowledge base.');
    return { score: round(retrieval), reasons };
  }

  let weighted = WEIGHTS.retrieval * retrieval;
  let weights = WEIGHTS.retrieval;
  if (input.selfAssessment) {
    weighted += WEIGHTS.model * ASSESSMENT_VALUE[input.selfAssessment];
    weights += WEIGHTS.model;
    reasons.push(
      {
        answered: 'The model says the passages answer the question.',
        partial: 'The model says the passages answer the question only in part.',
        not_found: 'The model says the passages do not answer the question.',
      }[input.selfAssessment],
    );
  }
  const cited = input.citations.valid + input.citations.invalid.length;
  const grounding = cited === 0 ? 0 : (input.citations.valid / cited) * (input.answerOverlap ?? 0);
  weighted += WEIGHTS.grounding * grounding;
  weights += WEIGHTS.grounding;
  if (cited === 0) reasons.push('The reply cites no passage: weak grounding.');
  else reasons.push(`${input.citations.valid} of ${cited} citations are retrieved passages; ${percent(input.answerOverlap ?? 0)} of the reply's words appear in them.`);
  if (input.logprobs && input.logprobs.length > 0) {
    const probability = Math.exp(input.logprobs.reduce((sum, value) => sum + value, 0) / input.logprobs.length);
    weighted += WEIGHTS.logprobs * probability;
    weights += WEIGHTS.logprobs;
    reasons.push(`Token confidence (mean probability): ${probability.toFixed(2)}.`);
  }

  let score = weighted / weights;
  if (cited === 0) score = Math.min(score, 0.4);
  if (input.citations.invalid.length > 0) {
    score = Math.min(score, 0.3);
    reasons.push(`Cites ${input.citations.invalid.join(', ')}, which was not retrieved: possibly invented.`);
  }
  if (input.selfAssessment === 'not_found') score = Math.min(score, 0.2);
  return { score: round(score), reasons };
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}
