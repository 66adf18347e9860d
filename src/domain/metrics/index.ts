export { channelMetrics, type ChannelFacts, type ChannelMetrics, type DayOutcomes, type FeedbackFigures, MAX_WINDOW_DAYS, windowForDays } from './channel-metrics';
export { type CostFigures, DEFAULT_MODEL_PRICES, type ModelCost, type ModelPrice, type ModelPrices, parseModelPrices, priceFor, tokenCosts } from './cost';
export { type DecisionFigures, decisionFigures } from './decision-figures';
export { EDIT_SIZE_MAX_WORDS, editSize } from './edit-size';
export { MetricsConfigError } from './errors';
export { type KnowledgeGap, knowledgeGaps, questionKey } from './knowledge-gaps';
export { assessReadiness, type ReadinessBar, type ReadinessFacts, type ReadinessReport } from './readiness';
export {
  DEFAULT_READINESS_CONFIG,
  MAX_SAMPLE_SIZE,
  parseReadinessConfig,
  type ReadinessConfig,
  type StageBars,
  type StepDownThresholds,
  type TargetStage,
} from './readiness-config';
export { percent, percentile, ratio } from './stats';
export { assessStepDown, type StepDownInput, type StepDownVerdict } from './step-down';
export type { DraftFact, FeedbackFact, MetricsWindow, Ratio, ReviewFact, ReviewKind } from './types';
