/**
 * OpenAI's training prices in US dollars per million training tokens, as of
 * our knowledge (mid-2025); check OpenAI's pricing page before relying on
 * them. DPO is priced the same here: we found no documented difference.
 * OpenAI is winding its fine-tuning platform down (its guides say new users
 * can no longer create jobs); the JSONL formats are also what other
 * OpenAI-compatible fine-tuning services accept.
 */
export const FINE_TUNING_PRICES: Readonly<Record<string, { trainingPerMillionTokens: number; dpo: boolean }>> = {
  'gpt-4o-mini-2024-07-18': { trainingPerMillionTokens: 3, dpo: false },
  'gpt-4o-2024-08-06': { trainingPerMillionTokens: 25, dpo: false },
  // The DPO guide lists the gpt-4.1 snapshots.
  'gpt-4.1-mini-2025-04-14': { trainingPerMillionTokens: 5, dpo: true },
  'gpt-4.1-2025-04-14': { trainingPerMillionTokens: 25, dpo: true },
};

/** Dollars for a job: tokens in the training file × epochs, at the price per million tokens. */
export function estimateCost(input: { trainingTokens: number; epochs: number; pricePerMillionTokens: number }): number {
  const { trainingTokens, epochs, pricePerMillionTokens } = input;
  for (const [name, value] of Object.entries(input)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number`);
  }
  return (trainingTokens * epochs * pricePerMillionTokens) / 1_000_000;
}

/**
 * The epochs OpenAI picks when `n_epochs` is "auto", per its data-preparation
 * cookbook: 3, raised for small files (so about 100 examples are seen) and
 * lowered for large ones (about 25,000), between 1 and 25.
 */
export function defaultEpochs(examples: number): number {
  if (examples <= 0) return 0;
  if (examples * 3 < 100) return Math.min(25, Math.floor(100 / examples));
  if (examples * 3 > 25_000) return Math.max(1, Math.floor(25_000 / examples));
  return 3;
}
