import type { FeatureVector } from '../calibration/logistic';
import type { DocumentAudience } from '../knowledge/types';

/** Who is asking: an employee (Slack) or a customer (web chat). */
export type AskerAudience = 'employee' | 'customer';

/** The knowledge an asker may see: employees internal and public, customers public only. */
export function readerFor(audience: AskerAudience): DocumentAudience {
  return audience === 'employee' ? 'internal' : 'public';
}

/** A channel's rollout stage: internal-only, every reply reviewed, or confident replies sent. */
export type RolloutStage = 'internal' | 'supervised' | 'autonomous';

export interface ConversationTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface QuestionInput {
  text: string;
  audience: AskerAudience;
  /** Earlier turns, oldest first; the engine keeps only the most recent that fit. */
  history: ConversationTurn[];
  stage: RolloutStage;
}

/** A retrieved passage as the engine shows it to the model and cites it. */
export interface Passage {
  /** Short label used in the prompt and in citations: "P1", "P2", ... */
  label: string;
  chunkId: string;
  documentId: string;
  title: string;
  headingPath: string[];
  text: string;
  url: string | null;
  score: number;
  ranks: { lexical?: number; semantic?: number };
}

/** A write action the model asked for: it runs only after a human approves it. */
export interface ProposedAction {
  tool: string;
  arguments: Record<string, unknown>;
  /** Why the action is proposed, in the model's words (shown to staff). */
  summary: string;
}

/** A read tool the engine ran while drafting, for the record. */
export interface ToolRun {
  tool: string;
  arguments: Record<string, unknown>;
  result: string;
  ok: boolean;
}

export type DraftMode = 'model' | 'extractive' | 'verified';
export type Decision = 'send' | 'review' | 'handoff';

/** The model's own judgement of whether the passages answer the question. */
export type SelfAssessment = 'answered' | 'partial' | 'not_found';

export interface Draft {
  id: string;
  createdAt: string;
  question: string;
  audience: AskerAudience;
  stage: RolloutStage;
  mode: DraftMode;
  /** The reply text, formatted as plain Markdown (front ends adapt it). */
  answer: string;
  /** Passages the reply cites, in citation order. */
  citations: Passage[];
  proposedActions: ProposedAction[];
  toolRuns: ToolRun[];
  /** P(staff approve the reply unedited), from the calibration; see confidence.ts. */
  confidence: number;
  /**
   * The features the confidence was computed from (see confidence-features.ts), for refits.
   * Absent on drafts made without an assessment (a failed attempt) or read back from a store that does not keep them.
   */
  features?: FeatureVector;
  reasons: string[];
  decision: Decision;
  /** What produced the draft, for audits, evaluation and fine-tuning. */
  provenance: DraftProvenance;
}

export interface DraftProvenance {
  model: string | null;
  promptVersion: string;
  /** Every retrieved passage offered to the model, with its retrieval score. */
  passages: { chunkId: string; score: number; ranks: Passage['ranks'] }[];
  retrievalMode: 'lexical' | 'hybrid';
  selfAssessment: SelfAssessment | null;
  /** Id of the verified answer reused, when mode is `verified`. */
  verifiedAnswerId: string | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Why the model could not be used, when it failed (error class, not message). */
  modelError: string | null;
}
