import { describe, expect, it, vi } from 'vitest';
import type { CalibrationModel } from './logistic';
import { logLoss, refitChannels } from './refit-channels';
import type { ChannelDecision } from './training-samples';
import type { CalibrationStore } from './types';

// The fitter stands in for one that went astray: a model far worse on its own decisions than the prior.
vi.mock('./logistic', async (original) => ({
  ...(await original<typeof import('./logistic')>()),
  fitLogistic: (): CalibrationModel => ({ version: 'wild', intercept: 600, coefficients: {}, fittedOn: { decisions: 40, source: 'broken', fittedAt: '2026-12-02T00:00:00.000Z' } }),
}));

const prior: CalibrationModel = { version: 'prior', intercept: 0, coefficients: { coverage: 4 }, fittedOn: { decisions: 0, source: 'test', fittedAt: '2026-12-01T00:00:00.000Z' } };

describe('logLoss', () => {
  it('is the mean negative log-likelihood of the decisions', () => {
    const samples = [
      { features: { coverage: 0 }, approved: true },
      { features: { coverage: 0 }, approved: false },
    ];
    expect(logLoss(prior, samples)).toBeCloseTo(Math.log(2), 10);
    expect(logLoss(prior, [])).toBe(0);
  });
});

describe('refitChannels with a fit that went astray', () => {
  it('stores and audits nothing: the gate keeps its current model', async () => {
    const decisions: ChannelDecision[] = Array.from({ length: 40 }, (_, index) => ({
      reviewId: `r${index}`,
      decidedAt: new Date(Date.UTC(2026, 11, 1, 0, index)).toISOString(),
      kind: 'review',
      status: index % 2 ? 'approved' : 'rejected',
      features: { coverage: index % 2 ? 0.9 : 0.1 },
    }));
    const saveFit = vi.fn(async () => true);
    const store = { channels: async () => ['web'], decisions: async () => decisions, latestFit: async () => null, saveFit } as unknown as CalibrationStore;
    const append = vi.fn(async () => {});
    const outcomes = await refitChannels({ store, audit: { append }, prior, sampleRate: 0.1, now: () => new Date('2026-12-02T03:17:00Z'), log: () => {} });
    expect(outcomes).toEqual([{ channel: 'web', refitted: false, reason: 'fit-failed' }]);
    expect(saveFit).not.toHaveBeenCalled();
    expect(append).not.toHaveBeenCalled();
  });
});
