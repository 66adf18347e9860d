import { z } from 'zod';
import type { FeatureVector } from '../../domain/calibration/logistic';

// Stored JSON is re-checked on the way out: a row written by an older or broken version reads as absent, never as NaN.
export const featureSchema = z.record(z.string(), z.number().finite());

/** A draft's stored confidence features, or null when absent or not a record of finite numbers. */
export function parseFeatures(json: string | null): FeatureVector | null {
  if (!json) return null;
  try {
    const parsed = featureSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
