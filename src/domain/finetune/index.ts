export { buildTrainingFiles, type BuildOptions, type TrainingFiles, toJsonl } from './build-training-files';
export { defaultEpochs, estimateCost, FINE_TUNING_PRICES } from './cost';
export { dedupeItems, jaccard, normalizeText, shingles } from './dedupe';
export { citationsFor, type ExampleOptions, systemPromptFor, toChatExample, toPreferencePair } from './examples';
export { HandwrittenParseError, parseHandwritten } from './handwritten';
export { type PersonalDataKind, type ScrubReport, scrubExample, scrubPersonalData } from './scrub';
export { splitItems } from './split';
export type { ChatExample, PreferencePair, ReviewedItem, ReviewedSource, SystemPrompts, TrainingMessage } from './types';
export { countConversationTokens, type ValidationReport, validateChatExamples, validatePreferencePairs } from './validate';
