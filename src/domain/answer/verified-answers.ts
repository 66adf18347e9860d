import { queryTerms } from '../knowledge/query-terms';
import { lightStem } from './light-stem';
import type { AskerAudience } from './types';

/** A reply staff approved, kept so the same question can be answered the same way. */
export interface VerifiedAnswer {
  id: string;
  audience: AskerAudience;
  question: string;
  answer: string;
  /** Chunk ids the reply rests on; their ids change when their content changes. */
  citedChunkIds: string[];
  approvedAt: string;
}

export interface VerifiedAnswerStore {
  /** The most recent verified answers for an audience (bounded). */
  recent(audience: AskerAudience, limit: number): Promise<VerifiedAnswer[]>;
  save(answer: VerifiedAnswer): Promise<void>;
}

/**
 * Similarity of two questions: cosine over their sets of stemmed content
 * words. 1 for the same words in any order; rephrasings that change the
 * topic words fall well below the reuse threshold.
 */
export function questionSimilarity(a: string, b: string): number {
  const left = new Set(queryTerms(a).map(lightStem));
  const right = new Set(queryTerms(b).map(lightStem));
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const term of left) if (right.has(term)) shared++;
  return shared / Math.sqrt(left.size * right.size);
}

/** The closest verified answer at or above the threshold, if any. */
export function bestVerifiedMatch(
  question: string,
  candidates: VerifiedAnswer[],
  threshold: number,
): { answer: VerifiedAnswer; similarity: number } | null {
  let best: { answer: VerifiedAnswer; similarity: number } | null = null;
  for (const candidate of candidates) {
    const similarity = questionSimilarity(question, candidate.question);
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { answer: candidate, similarity };
  }
  return best;
}

/**
 * Turns an approved draft into a verified answer, when it can be reused
 * safely: a plain answer (no action), resting on cited passages, whose
 * reply staff approved (edited text wins). Returns null otherwise.
 */
export function verifiedAnswerFrom(
  draft: { id: string; question: string; audience: AskerAudience; citations: { chunkId: string }[]; proposedActions: unknown[] },
  approvedAnswer: string,
  approvedAt: Date,
): VerifiedAnswer | null {
  if (draft.proposedActions.length > 0 || draft.citations.length === 0 || !approvedAnswer.trim()) return null;
  return {
    id: draft.id,
    audience: draft.audience,
    question: draft.question,
    answer: approvedAnswer.trim(),
    citedChunkIds: draft.citations.map((citation) => citation.chunkId),
    approvedAt: approvedAt.toISOString(),
  };
}
