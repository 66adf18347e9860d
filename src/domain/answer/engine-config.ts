import { DEFAULT_SYSTEM_PROMPTS } from './prompt';
import type { AskerAudience } from './types';

/**
 * The engine's tunables. Thresholds are per audience because a wrong answer
 * costs more in front of a customer than in front of a colleague.
 */
export interface EngineConfig {
  systemPrompts: Record<AskerAudience, string>;
  /** Minimum confidence for `send` (below it: `review`). */
  sendThreshold: Record<AskerAudience, number>;
  /** Below this retrieval coverage nothing relevant was found: `handoff`. */
  relevanceFloor: number;
  /** Passages retrieved and offered to the model. */
  passages: number;
  maxOutputTokens: number;
  /** Model calls per draft, tool rounds included. */
  maxSteps: number;
  /** Tool calls per draft, over all steps. */
  maxToolCalls: number;
  /** Most recent conversation turns considered (the token budget may keep fewer). */
  historyTurns: number;
  /** Question similarity needed to reuse a verified answer. */
  verifiedSimilarity: number;
}

/**
 * Defaults calibrated on the development question sets in extractive mode
 * (`npm run eval`); see the README for the figures behind them.
 */
export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  systemPrompts: { ...DEFAULT_SYSTEM_PROMPTS },
  sendThreshold: { employee: 0.75, customer: 0.7 },
  relevanceFloor: 0.5,
  passages: 8,
  maxOutputTokens: 800,
  maxSteps: 4,
  maxToolCalls: 6,
  historyTurns: 10,
  verifiedSimilarity: 0.9,
};
