import { PROMPT_VERSION } from './prompt';
import type { Draft, QuestionInput } from './types';

/**
 * The draft recorded for a question that could not be answered at all (every
 * attempt crashed): empty, handed off, with the reason. It lets the question
 * reach staff through the normal review path instead of vanishing.
 */
export function failureDraft(question: QuestionInput, reason: string, id: string, now: Date): Draft {
  return {
    id,
    createdAt: now.toISOString(),
    question: question.text,
    audience: question.audience,
    stage: question.stage,
    mode: 'extractive',
    answer: '',
    citations: [],
    proposedActions: [],
    toolRuns: [],
    confidence: 0,
    reasons: [reason],
    decision: 'handoff',
    provenance: {
      model: null,
      promptVersion: PROMPT_VERSION,
      passages: [],
      retrievalMode: 'lexical',
      selfAssessment: null,
      verifiedAnswerId: null,
      latencyMs: 0,
      inputTokens: 0,
      outputTokens: 0,
      modelError: 'unavailable',
    },
  };
}
