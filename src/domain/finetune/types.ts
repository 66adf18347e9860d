import type { AskerAudience, Passage, SelfAssessment } from '../answer/types';

/** Where a training reply came from. */
export type ReviewedSource = 'approved' | 'edited' | 'rejected_with_reply' | 'handwritten';

/** A reply a person vouched for, with the context the engine drafted it from. */
export interface ReviewedItem {
  id: string;
  audience: AskerAudience;
  question: string;
  /** The retrieved passages the engine showed the model, with their prompt labels ("P1"...). */
  passages: Passage[];
  /** What the engine drafted ('' for handwritten examples). */
  draftAnswer: string;
  /** What staff approved, edited it into, or wrote instead. */
  finalAnswer: string;
  source: ReviewedSource;
  createdAt: string;
  askerName?: string | null;
  /**
   * Labels of the passages the final reply rests on, when known. Without
   * them the structured reply cites the labels it mentions, else every passage.
   */
  citations?: string[];
  /** The self-assessment the final reply should carry, when known. */
  assessment?: SelfAssessment;
}

/** One message of a training example (OpenAI's chat fine-tuning format). */
export interface TrainingMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A supervised fine-tuning example: one JSONL line `{"messages": [...]}`. */
export interface ChatExample {
  messages: TrainingMessage[];
}

/**
 * A preference (DPO) example: one JSONL line. OpenAI trains on one-turn
 * conversations whose preferred and non-preferred outputs are the final
 * assistant message.
 */
export interface PreferencePair {
  input: { messages: TrainingMessage[] };
  preferred_output: [{ role: 'assistant'; content: string }];
  non_preferred_output: [{ role: 'assistant'; content: string }];
}

/** The system prompt for every audience, or one for all. */
export type SystemPrompts = string | Readonly<Record<AskerAudience, string>>;
