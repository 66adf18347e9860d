/**
 * Context windows (prompt and reply together) of OpenAI models, by model-name
 * prefix. Deliberately small: dated snapshots (`gpt-4o-2024-08-06`) match
 * their family's prefix, and anything else (Azure deployment names, local
 * models) gets a conservative default that the operator can override.
 */
const WINDOWS: ReadonlyArray<readonly [prefix: string, tokens: number]> = [
  ['gpt-4.1', 1_047_576],
  ['gpt-5', 400_000],
  ['gpt-4o', 128_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-3.5-turbo', 16_385],
  ['o1-mini', 128_000],
  ['o1-preview', 128_000],
  ['o1', 200_000],
  ['o3', 200_000],
  ['o4-mini', 200_000],
];

/** Too small for a modern hosted model, safe for most local ones. */
export const DEFAULT_CONTEXT_WINDOW = 8192;

/** The base model of a fine-tuned id: `ft:gpt-4o-mini-2024-07-18:acme::abc123` → `gpt-4o-mini-2024-07-18`. */
export function baseModelOf(model: string): string {
  if (!model.startsWith('ft:')) return model;
  return model.slice(3).split(':')[0] ?? model;
}

export function contextWindowFor(model: string): number {
  const base = baseModelOf(model).toLowerCase();
  // Longest prefix first, so `o1-mini` wins over `o1`.
  let best: readonly [string, number] | undefined;
  for (const entry of WINDOWS) {
    if (base.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? best[1] : DEFAULT_CONTEXT_WINDOW;
}

/**
 * Reasoning models (o-series, gpt-5) reject `max_tokens` and need
 * `max_completion_tokens`; most OpenAI-compatible servers only know
 * `max_tokens`. Unknown names start with `max_tokens` and switch on a 400.
 */
export function prefersMaxCompletionTokens(model: string): boolean {
  return /^(o\d|gpt-5)/.test(baseModelOf(model).toLowerCase());
}
