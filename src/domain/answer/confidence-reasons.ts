import type { FeatureVector } from '../calibration/logistic';

/**
 * Plain-word reasons for the features that moved a draft's confidence the
 * most: what a reviewer reads on the card. Each feature says what it saw, in
 * the direction it pushed; the numbers are the feature's, not the model's.
 */
export interface ReasonContext {
  features: FeatureVector;
  /** Question words (as written) that no top passage contains, rarest first. */
  missingWords: string[];
}

type Describe = (value: number, context: ReasonContext, up: boolean) => string | null;

const percent = (value: number): string => `${Math.round(value * 100)}%`;
const quoted = (words: string[]): string => words.slice(0, 4).map((word) => `"${word}"`).join(', ');

const DESCRIPTIONS: Record<string, Describe> = {
  coverage: (value) => `The best passage covers ${percent(value)} of the question, rare words counting most.`,
  rare_word_missing: (value, context) =>
    value > 0 && context.missingWords.length > 0
      ? `No top passage mentions ${quoted(context.missingWords)}: the knowledge base may not cover this.`
      : 'Every word of the question appears in the top passages.',
  together: (value, _context, up) =>
    up ? `One sentence holds ${percent(value)} of the question's words together.` : `The question's words are scattered: no sentence holds more than ${percent(value)} of them.`,
  heading_match: (value, _context, up) =>
    up ? `The section's title and headings name the question's topic (${percent(value)} of its words).` : "The section's headings do not name the question's topic.",
  score_vs_best: (value) => `The passage scores ${percent(value)} of the best possible match for this question.`,
  gap: (_value, _context, up) => (up ? 'The best passage clearly outscores the others.' : 'Other passages score almost as well as the best one.'),
  passage_gap: (_value, _context, up) =>
    up ? 'The quoted section matches the question clearly better than any other.' : 'Another section matches the question about as well: the answer may be there instead.',
  answer_type: (value) =>
    value > 0 ? 'The quote has the kind of answer the question asks for (an amount, a date, a place…).' : value < 0 ? 'The question asks for an amount, a date or a place, and the quote has none.' : null,
  retrievers_agree: (value) =>
    value > 0 ? 'Keyword and meaning-based search agree on the best passage.' : value < 0 ? 'Keyword and meaning-based search disagree on the best passage.' : null,
  no_passage: () => 'No passage matched the question.',
  model_partial: (value) => (value > 0 ? 'The model says the passages answer the question only in part.' : null),
  model_not_found: (value) => (value > 0 ? 'The model says the passages do not answer the question.' : null),
  no_citation: (value) => (value > 0 ? 'The reply cites no passage.' : null),
  invented_citation: (value) => (value > 0 ? 'The reply cites a passage that was never retrieved: possibly invented.' : null),
  grounding_shortfall: (value) => `${percent(1 - value)} of the reply is backed by the passages it cites.`,
  token_uncertainty: (value) => `The model was ${value > 0.3 ? 'unsure of' : 'confident in'} its wording (mean token probability ${(1 - value).toFixed(2)}).`,
};

/** Reasons for the largest contributions (sign-aware), skipping features with nothing to say. */
export function describeContributions(contributions: Array<{ feature: string; contribution: number }>, context: ReasonContext, count = 3): string[] {
  const reasons: string[] = [];
  for (const { feature, contribution } of contributions) {
    if (reasons.length >= count || Math.abs(contribution) < 0.05) break;
    const describe = DESCRIPTIONS[feature];
    const value = context.features[feature] ?? 0;
    const text = describe?.(value, context, contribution > 0);
    if (text) reasons.push(`${contribution > 0 ? 'Raises' : 'Lowers'} confidence: ${text}`);
  }
  return reasons;
}
