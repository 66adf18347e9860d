import { z } from 'zod';
import { configMessage, MetricsConfigError } from './errors';
import type { DraftFact } from './types';

/** US dollars per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export type ModelPrices = Readonly<Record<string, ModelPrice>>;

/**
 * OpenAI's standard (uncached, non-batch) prices as of mid-2025; check
 * OpenAI's pricing page, and override or extend with MODEL_PRICES. Keys are
 * model names without a date suffix; `ft:` keys price fine-tuned models of
 * that base (fine-tuned inference costs more than the base model).
 */
export const DEFAULT_MODEL_PRICES: ModelPrices = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'ft:gpt-4o-mini': { inputPerMillion: 0.3, outputPerMillion: 1.2 },
  'ft:gpt-4o': { inputPerMillion: 3.75, outputPerMillion: 15 },
  'ft:gpt-4.1': { inputPerMillion: 3, outputPerMillion: 12 },
  'ft:gpt-4.1-mini': { inputPerMillion: 0.8, outputPerMillion: 3.2 },
  'ft:gpt-4.1-nano': { inputPerMillion: 0.2, outputPerMillion: 0.8 },
};

const priceSchema = z.record(
  z.string().trim().min(1).max(200),
  z.object({ inputPerMillion: z.number().finite().min(0), outputPerMillion: z.number().finite().min(0) }).strict(),
);

/**
 * The price table: the defaults, with MODEL_PRICES (a JSON object of model
 * name → {inputPerMillion, outputPerMillion}) laid over them. Empty: the defaults.
 */
export function parseModelPrices(json: string | undefined): ModelPrices {
  if (!json?.trim()) return DEFAULT_MODEL_PRICES;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new MetricsConfigError('MODEL_PRICES is not valid JSON: expected an object such as {"my-model": {"inputPerMillion": 0.5, "outputPerMillion": 1.5}}');
  }
  const parsed = priceSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MetricsConfigError(configMessage('MODEL_PRICES', issue.path, issue.message));
  }
  return { ...DEFAULT_MODEL_PRICES, ...parsed.data };
}

/**
 * A model's price: its exact name first, then the name without a
 * `-YYYY-MM-DD` snapshot suffix; a fine-tuned model (`ft:base:org::id`) is
 * looked up as `ft:base`. Null: unknown, so its cost cannot be told.
 */
export function priceFor(prices: ModelPrices, model: string): ModelPrice | null {
  const exact = prices[model];
  if (exact) return exact;
  const fineTuned = /^ft:([^:]+)/.exec(model);
  const key = fineTuned ? `ft:${undated(fineTuned[1]!)}` : undated(model);
  return prices[key] ?? null;
}

function undated(model: string): string {
  return model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
}

export interface ModelCost {
  /** Null: drafts no model wrote (extractive or verified answers), which cost nothing. */
  model: string | null;
  drafts: number;
  inputTokens: number;
  outputTokens: number;
  /** Null: the model has no price in the table. */
  usd: number | null;
}

export interface CostFigures {
  inputTokens: number;
  outputTokens: number;
  /** Null when some tokens went to a model without a price: the total would understate. */
  usd: number | null;
  byModel: ModelCost[];
  unpricedModels: string[];
  note: string | null;
}

/**
 * Token costs per model: tokens / 1,000,000 × the price per million, input
 * and output priced apart. Drafts without a model cost 0. Cached-input
 * discounts are not applied (drafts do not record cache hits), so figures
 * are an upper bound.
 */
export function tokenCosts(drafts: readonly DraftFact[], prices: ModelPrices): CostFigures {
  const groups = new Map<string | null, ModelCost>();
  for (const draft of drafts) {
    const group = groups.get(draft.model) ?? { model: draft.model, drafts: 0, inputTokens: 0, outputTokens: 0, usd: 0 };
    group.drafts++;
    group.inputTokens += draft.inputTokens;
    group.outputTokens += draft.outputTokens;
    groups.set(draft.model, group);
  }
  const unpriced: string[] = [];
  for (const group of groups.values()) {
    if (group.model === null) {
      group.usd = 0;
      continue;
    }
    const price = priceFor(prices, group.model);
    if (!price) unpriced.push(group.model);
    group.usd = price ? (group.inputTokens * price.inputPerMillion + group.outputTokens * price.outputPerMillion) / 1_000_000 : null;
  }
  // Most drafts first; the no-model row last.
  const byModel = [...groups.values()].sort(
    (a, b) => Number(a.model === null) - Number(b.model === null) || b.drafts - a.drafts || String(a.model).localeCompare(String(b.model)),
  );
  const unknownSpend = byModel.some((group) => group.usd === null && group.inputTokens + group.outputTokens > 0);
  return {
    inputTokens: byModel.reduce((sum, group) => sum + group.inputTokens, 0),
    outputTokens: byModel.reduce((sum, group) => sum + group.outputTokens, 0),
    usd: unknownSpend ? null : byModel.reduce((sum, group) => sum + (group.usd ?? 0), 0),
    byModel,
    unpricedModels: unpriced.sort(),
    note:
      unpriced.length > 0
        ? `No price for ${unpriced.join(', ')}: add ${unpriced.length === 1 ? 'it' : 'them'} to MODEL_PRICES (US dollars per million input and output tokens).`
        : null,
  };
}
