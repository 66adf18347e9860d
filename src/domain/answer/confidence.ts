import { type CalibrationModel, type FeatureVector, featureContributions, predictApproval } from '../calibration/logistic';
import { confidenceFeatures, type FeatureInput } from './confidence-features';
import { describeContributions } from './confidence-reasons';
import { stemSet } from './light-stem';
import type { DraftMode } from './types';

/**
 * A draft's confidence is a probability: the chance that staff would approve
 * the reply as it is, without editing it. A logistic model (the calibration:
 * by default the prior shipped in confidence-prior.json, fitted on the
 * development question sets by `npm run calibrate`) turns the draft's
 * features into that probability, and the reasons name the features that
 * moved it most. Verified drafts reuse a reply staff approved, so their
 * confidence is the question's similarity to the approved one.
 */
export interface ConfidenceInput extends FeatureInput {
  mode: DraftMode;
  /** Labels of cited passages that were never retrieved, for the reason that names them. */
  invalidCitations?: string[];
  /** For verified drafts: similarity of the question to the approved one. */
  verifiedSimilarity?: number;
  calibration: CalibrationModel;
  /** Typical feature values (the prior's development sets): reasons say what moved the score away from a typical draft. */
  reference: FeatureVector;
}

export interface Confidence {
  score: number;
  reasons: string[];
  /** What the score was computed from, stored with the draft for refits. */
  features: FeatureVector;
}

export function assessConfidence(input: ConfidenceInput): Confidence {
  if (input.mode === 'verified') {
    const similarity = input.verifiedSimilarity ?? 0;
    return {
      score: round(similarity),
      reasons: [`Reuses a reply staff approved for a question ${Math.round(similarity * 100)}% similar, with the knowledge unchanged since.`],
      features: { verified_similarity: round(similarity) },
    };
  }
  const features = confidenceFeatures(input);
  // Nothing retrieved: there is nothing for staff to approve, whatever the model says.
  const score = features.no_passage ? 0 : predictApproval(input.calibration, features);
  const union = new Set(input.passages.slice(0, 3).flatMap((passage) => [...stemSet(`${passage.title} ${passage.headingPath.join(' ')} ${passage.text}`)]));
  const missingWords = input.weighted.terms
    .filter((term) => !union.has(term))
    .sort((a, b) => input.weighted.weight.get(b)! - input.weighted.weight.get(a)!)
    .map((term) => input.weighted.word.get(term)!);
  const reasons = [
    `${Math.round(score * 100)}% likely to be approved as written, by the calibration fitted on ${input.calibration.fittedOn.decisions} decisions (${input.calibration.fittedOn.source}).`,
    ...describeContributions(featureContributions(input.calibration, difference(features, input.reference)), { features, missingWords }),
  ];
  // A fact worth seeing whatever its weight: the words a reviewer should check the knowledge base for.
  if (missingWords.length > 0 && !reasons.some((reason) => reason.includes('No top passage mentions'))) {
    reasons.push(`No top passage mentions ${missingWords.slice(0, 4).map((word) => `"${word}"`).join(', ')}.`);
  }
  if (input.invalidCitations && input.invalidCitations.length > 0) reasons.push(`Cites ${input.invalidCitations.join(', ')}, which was not retrieved.`);
  if (input.mode === 'extractive') reasons.push('Extractive mode: no model is configured, so the reply quotes the knowledge base.');
  return { score: round(score), reasons, features };
}

/** Feature values relative to the reference; features absent from both stay absent. */
function difference(features: FeatureVector, reference: FeatureVector): FeatureVector {
  const names = new Set([...Object.keys(features), ...Object.keys(reference)]);
  return Object.fromEntries([...names].map((name) => [name, (features[name] ?? 0) - (reference[name] ?? 0)]));
}

/** The confidence as the gate compares it with the threshold (three decimals), for tools that score drafts offline. */
export const roundConfidence = (value: number): number => round(value);

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}
