import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PRICES, parseModelPrices, priceFor, tokenCosts } from './cost';
import { MetricsConfigError } from './errors';
import type { DraftFact } from './types';

const draft = (model: string | null, inputTokens: number, outputTokens: number): DraftFact => ({
  id: crypto.randomUUID(),
  createdAt: '2026-11-26T10:00:00.000Z',
  decision: 'send',
  mode: model ? 'model' : 'extractive',
  model,
  inputTokens,
  outputTokens,
  question: null,
});

describe('priceFor', () => {
  it('finds snapshots and fine-tuned models by their base name', () => {
    expect(priceFor(DEFAULT_MODEL_PRICES, 'gpt-4o-mini')).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
    expect(priceFor(DEFAULT_MODEL_PRICES, 'gpt-4o-mini-2024-07-18')).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
    expect(priceFor(DEFAULT_MODEL_PRICES, 'ft:gpt-4o-mini-2024-07-18:acme::AbC123')).toEqual({ inputPerMillion: 0.3, outputPerMillion: 1.2 });
    expect(priceFor(DEFAULT_MODEL_PRICES, 'ft:gpt-4.1-mini-2025-04-14:acme:support:Xy9')).toEqual({ inputPerMillion: 0.8, outputPerMillion: 3.2 });
    expect(priceFor(DEFAULT_MODEL_PRICES, 'llama3.1:8b')).toBeNull();
  });
});

describe('tokenCosts', () => {
  it('prices input and output per million tokens, per model; no model costs 0', () => {
    const costs = tokenCosts(
      [draft('gpt-4o-mini', 600_000, 200_000), draft('gpt-4o-mini-2024-07-18', 400_000, 300_000), draft('gpt-4.1-mini', 1_000_000, 1_000_000), draft(null, 0, 0)],
      DEFAULT_MODEL_PRICES,
    );
    // Rows by the name recorded; a snapshot is priced as its base model.
    expect(costs.byModel.map((row) => [row.model, row.drafts, row.inputTokens, row.outputTokens])).toEqual([
      ['gpt-4.1-mini', 1, 1_000_000, 1_000_000],
      ['gpt-4o-mini', 1, 600_000, 200_000],
      ['gpt-4o-mini-2024-07-18', 1, 400_000, 300_000],
      [null, 1, 0, 0],
    ]);
    // 1 × 0.40 + 1 × 1.60 = 2; 0.6 × 0.15 + 0.2 × 0.60 = 0.21; 0.4 × 0.15 + 0.3 × 0.60 = 0.24; no model: 0.
    expect(costs.byModel.map((row) => row.usd)).toEqual([2, expect.closeTo(0.21, 10), expect.closeTo(0.24, 10), 0]);
    expect(costs.usd).toBeCloseTo(2.45, 10);
    expect(costs.inputTokens).toBe(2_000_000);
    expect(costs.outputTokens).toBe(1_500_000);
    expect(costs.unpricedModels).toEqual([]);
    expect(costs.note).toBeNull();
  });

  it('leaves an unknown model’s cost, and the total, null and says so', () => {
    const costs = tokenCosts([draft('gpt-4o-mini', 1_000_000, 0), draft('llama3.1:8b', 5000, 100)], DEFAULT_MODEL_PRICES);
    expect(costs.byModel.find((row) => row.model === 'llama3.1:8b')?.usd).toBeNull();
    expect(costs.usd).toBeNull();
    expect(costs.unpricedModels).toEqual(['llama3.1:8b']);
    expect(costs.note).toContain('No price for llama3.1:8b: add it to MODEL_PRICES');
    // An unknown model that used no tokens leaves the total known.
    expect(tokenCosts([draft('gpt-4o-mini', 1_000_000, 0), draft('mystery', 0, 0)], DEFAULT_MODEL_PRICES).usd).toBeCloseTo(0.15, 10);
  });
});

describe('parseModelPrices', () => {
  it('lays MODEL_PRICES over the defaults', () => {
    const prices = parseModelPrices('{"llama3.1:8b": {"inputPerMillion": 0, "outputPerMillion": 0}, "gpt-4o-mini": {"inputPerMillion": 1, "outputPerMillion": 2}}');
    expect(prices['llama3.1:8b']).toEqual({ inputPerMillion: 0, outputPerMillion: 0 });
    expect(prices['gpt-4o-mini']).toEqual({ inputPerMillion: 1, outputPerMillion: 2 });
    expect(prices['gpt-4.1']).toEqual(DEFAULT_MODEL_PRICES['gpt-4.1']);
    expect(parseModelPrices(undefined)).toBe(DEFAULT_MODEL_PRICES);
    expect(parseModelPrices('  ')).toBe(DEFAULT_MODEL_PRICES);
  });

  it('names the variable and the field of a bad entry', () => {
    expect(() => parseModelPrices('{')).toThrow(MetricsConfigError);
    expect(() => parseModelPrices('{"m": {"inputPerMillion": -1, "outputPerMillion": 1}}')).toThrow(/^MODEL_PRICES: m\.inputPerMillion: /);
    expect(() => parseModelPrices('{"m": {"input": 1, "outputPerMillion": 1}}')).toThrow(/^MODEL_PRICES: m/);
  });
});
