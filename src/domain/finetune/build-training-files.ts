import type { TokenCounter } from '../answer/chat-model';
import { dedupeItems } from './dedupe';
import { type ExampleOptions, toChatExample, toPreferencePair } from './examples';
import { addScrubReports, emptyScrubReport, type ScrubReport, scrubExample } from './scrub';
import { splitItems } from './split';
import type { ChatExample, PreferencePair, ReviewedItem, SystemPrompts } from './types';
import { type ValidationReport, validateChatExamples, validatePreferencePairs } from './validate';

export interface BuildOptions extends ExampleOptions {
  /** The engine's configured system prompts (EngineConfig.systemPrompts), so training matches inference. */
  systemPrompts: SystemPrompts;
  counter: TokenCounter;
  maxTokensPerExample: number;
  /** Seed of the validation split: keep it fixed across exports. */
  seed: string;
  validationFraction?: number;
  nearThreshold?: number;
  /** Names to scrub besides every item's asker (staff names, for example). */
  names?: readonly string[];
}

export interface TrainingFiles {
  /** Supervised fine-tuning files (JSONL, one example a line). */
  chat: { training: string; validation: string };
  /** DPO files from edited and rejected-with-reply items. */
  preference: { training: string; validation: string };
  /** The items behind the chat validation file, line by line: evaluation needs each one's outcome. */
  validationItems: Pick<ReviewedItem, 'id' | 'audience' | 'source'>[];
  report: {
    items: number;
    /** Items without a question or a final reply. */
    skipped: number;
    dropped: number;
    drops: ReturnType<typeof dedupeItems>['drops'];
    scrubbed: ScrubReport;
    chat: { training: ValidationReport; validation: ValidationReport };
    preference: { training: ValidationReport; validation: ValidationReport };
  };
}

/**
 * Reviewed replies to training files: drop empty and duplicate items, split
 * by seed (an item and its preference pair stay on the same side), build
 * examples with the engine's prompt, scrub personal data from every message,
 * and validate each file. The files are produced even when validation finds
 * errors; the report says whether they are fit to upload.
 */
export function buildTrainingFiles(items: readonly ReviewedItem[], options: BuildOptions): TrainingFiles {
  const usable = items.filter((item) => item.question.trim() && item.finalAnswer.trim());
  const deduped = dedupeItems(usable, { nearThreshold: options.nearThreshold ?? 0.9 });
  const split = splitItems(deduped.kept, { seed: options.seed, fraction: options.validationFraction ?? 0.1 });
  const names = [...(options.names ?? []), ...items.flatMap((item) => (item.askerName ? [item.askerName] : []))];
  const scrubbed = emptyScrubReport();
  const clean = <T extends ChatExample | PreferencePair>(example: T): T => {
    const result = scrubExample(example, { names });
    addScrubReports(scrubbed, result.found);
    return result.example;
  };
  const chat = (side: ReviewedItem[]) => side.map((item) => clean(toChatExample(item, options.systemPrompts, options)));
  const pairs = (side: ReviewedItem[]) =>
    side.flatMap((item) => {
      const pair = toPreferencePair(item, options.systemPrompts, options);
      return pair ? [clean(pair)] : [];
    });

  const chatTraining = chat(split.training);
  const chatValidation = chat(split.validation);
  const pairTraining = pairs(split.training);
  const pairValidation = pairs(split.validation);
  const limits = { counter: options.counter, maxTokensPerExample: options.maxTokensPerExample };
  // A validation file has no documented minimum size.
  const validationLimits = { ...limits, minExamples: 0, recommendedExamples: 0 };
  return {
    chat: { training: toJsonl(chatTraining), validation: toJsonl(chatValidation) },
    preference: { training: toJsonl(pairTraining), validation: toJsonl(pairValidation) },
    validationItems: split.validation.map(({ id, audience, source }) => ({ id, audience, source })),
    report: {
      items: items.length,
      skipped: items.length - usable.length,
      dropped: deduped.dropped,
      drops: deduped.drops,
      scrubbed,
      chat: { training: validateChatExamples(chatTraining, limits), validation: validateChatExamples(chatValidation, validationLimits) },
      preference: {
        training: validatePreferencePairs(pairTraining, limits),
        validation: validatePreferencePairs(pairValidation, validationLimits),
      },
    },
  };
}

/** JSON Lines: one JSON value per line, each line ending in a newline. */
export function toJsonl(records: readonly unknown[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}
