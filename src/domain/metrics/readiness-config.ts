import { z } from 'zod';
import { configMessage, MetricsConfigError } from './errors';

/**
 * The bars a channel must clear before moving up to a stage. A bar that is
 * absent is not checked. Rates are fractions from 0 to 1.
 */
export interface StageBars {
  /** Questions among the channel's last `sampleSize` drafts (staff trying it while internal). */
  minQuestions?: number;
  /** Drafts a person approved, edited or rejected, among the sample reviews. */
  minReviewed?: number;
  /** Approved without edits / closed reviews (expired ones count as not approved). */
  minApprovedWithoutEditsRate?: number;
  /** Rejected / closed reviews. */
  maxRejectionRate?: number;
  /** Rejected reviews whose draft proposed a write action. */
  maxRejectedActions?: number;
  /** Not helpful / votes on the last `sampleSize` drafts; met when nobody voted. */
  maxNotHelpfulRate?: number;
}

export type TargetStage = 'supervised' | 'autonomous';

/** When an autonomous channel should drop back to supervised (see `assessStepDown`). */
export interface StepDownThresholds {
  /** How far back the sampled reviews and votes are read. */
  windowDays: number;
  /** Fewer graded samples (or votes) than this: too few to judge, no step-down on that figure. */
  minSampleSize: number;
  maxSampledRejectionRate: number;
  maxNotHelpfulRate: number;
}

export interface ReadinessConfig {
  /** How many of the channel's latest closed reviews (and latest drafts) readiness looks at. */
  sampleSize: number;
  bars: Record<TargetStage, StageBars>;
  stepDown: StepDownThresholds;
}

/** The defaults; READINESS_BARS overrides any part of them. */
export const DEFAULT_READINESS_CONFIG: ReadinessConfig = {
  sampleSize: 200,
  bars: {
    // Every reply is reviewed once supervised: the bar is that staff tried the bot and did not hate it.
    supervised: { minQuestions: 20, maxNotHelpfulRate: 0.3 },
    autonomous: { minReviewed: 100, minApprovedWithoutEditsRate: 0.95, maxRejectedActions: 0, maxNotHelpfulRate: 0.2 },
  },
  stepDown: { windowDays: 7, minSampleSize: 20, maxSampledRejectionRate: 0.1, maxNotHelpfulRate: 0.3 },
};

export const MAX_SAMPLE_SIZE = 1000;

const count = z.number().int().min(0).max(1_000_000);
const fraction = z.number().min(0).max(1);
const barsSchema = z
  .object({
    minQuestions: count.nullable(),
    minReviewed: count.nullable(),
    minApprovedWithoutEditsRate: fraction.nullable(),
    maxRejectionRate: fraction.nullable(),
    maxRejectedActions: count.nullable(),
    maxNotHelpfulRate: fraction.nullable(),
  })
  .partial()
  .strict();
const schema = z
  .object({
    sampleSize: z.number().int().min(1).max(MAX_SAMPLE_SIZE),
    supervised: barsSchema,
    autonomous: barsSchema,
    stepDown: z
      .object({ windowDays: z.number().int().min(1).max(90), minSampleSize: z.number().int().min(1).max(100_000), maxSampledRejectionRate: fraction, maxNotHelpfulRate: fraction })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

/**
 * Reads READINESS_BARS: a JSON object laid over the defaults, key by key,
 * for example `{"sampleSize": 300, "autonomous": {"minReviewed": 150, "maxNotHelpfulRate": null}}`
 * (null switches a bar off). Unknown keys are errors, so a typo cannot
 * quietly drop a bar. Empty: the defaults.
 */
export function parseReadinessConfig(json: string | undefined): ReadinessConfig {
  if (!json?.trim()) return DEFAULT_READINESS_CONFIG;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new MetricsConfigError('READINESS_BARS is not valid JSON: expected an object such as {"autonomous": {"minReviewed": 150}}');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MetricsConfigError(configMessage('READINESS_BARS', issue.path, issue.message));
  }
  const input = parsed.data;
  const config: ReadinessConfig = {
    sampleSize: input.sampleSize ?? DEFAULT_READINESS_CONFIG.sampleSize,
    bars: {
      supervised: merge(DEFAULT_READINESS_CONFIG.bars.supervised, input.supervised),
      autonomous: merge(DEFAULT_READINESS_CONFIG.bars.autonomous, input.autonomous),
    },
    stepDown: { ...DEFAULT_READINESS_CONFIG.stepDown, ...input.stepDown },
  };
  for (const stage of ['supervised', 'autonomous'] as const) {
    for (const key of ['minQuestions', 'minReviewed'] as const) {
      const required = config.bars[stage][key];
      if (required !== undefined && required > config.sampleSize) {
        throw new MetricsConfigError(
          configMessage('READINESS_BARS', [stage, key], `${required} can never be met: readiness looks at the last ${config.sampleSize} (sampleSize) only`),
        );
      }
    }
  }
  return config;
}

function merge(defaults: StageBars, overrides: Partial<Record<keyof StageBars, number | null>> | undefined): StageBars {
  const bars: StageBars = { ...defaults };
  for (const [key, value] of Object.entries(overrides ?? {}) as [keyof StageBars, number | null | undefined][]) {
    if (value === null) delete bars[key];
    else if (value !== undefined) bars[key] = value;
  }
  return bars;
}
