import type { CalibrationModel } from '../calibration/logistic';
import { CONFIDENCE_PRIOR, DEFAULT_TARGET, priorThresholdFor } from './confidence-prior';
import { DEFAULT_SYSTEM_PROMPTS } from './prompt';
import type { AskerAudience } from './types';

/**
 * The engine's tunables. Thresholds are per audience because a wrong answer
 * costs more in front of a customer than in front of a colleague.
 */
export interface EngineConfig {
  systemPrompts: Record<AskerAudience, string>;
  /** Minimum confidence (approval probability) for `send`; below it: `review`. */
  sendThreshold: Record<AskerAudience, number>;
  /** Turns a draft's features into its confidence: the shipped prior, or a channel's refit. */
  calibration: CalibrationModel;
  /** Below this rarity-weighted coverage of the question nothing relevant was found: `handoff`. */
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
 * Defaults: the prior's threshold for the default target (95% of sent
 * replies approvable), from `npm run calibrate`; see the README.
 */
export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  systemPrompts: { ...DEFAULT_SYSTEM_PROMPTS },
  sendThreshold: { employee: priorThresholdFor(DEFAULT_TARGET), customer: priorThresholdFor(DEFAULT_TARGET) },
  calibration: CONFIDENCE_PRIOR.model,
  relevanceFloor: 0.15,
  passages: 8,
  maxOutputTokens: 800,
  maxSteps: 4,
  maxToolCalls: 6,
  historyTurns: 10,
  verifiedSimilarity: 0.9,
};
