import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../rollout/types';
import { type CalibrationModel, predictApproval } from './logistic';
import { refitChannels } from './refit-channels';
import type { ChannelDecision } from './training-samples';
import type { CalibrationFit, CalibrationStore, CalibrationTarget } from './types';

const prior: CalibrationModel = { version: 'prior-test', intercept: -1, coefficients: { coverage: 2 }, fittedOn: { decisions: 90, source: 'bench', fittedAt: '2026-11-30T00:00:00.000Z' } };

/** An in-memory store recording what was saved. */
class MemoryStore implements CalibrationStore {
  fitsSaved: CalibrationFit[] = [];
  constructor(public byChannel: Record<string, ChannelDecision[]>) {}
  async channels() {
    return Object.keys(this.byChannel);
  }
  async decisions(channel: string, limit: number) {
    return [...(this.byChannel[channel] ?? [])].sort((a, b) => b.decidedAt.localeCompare(a.decidedAt)).slice(0, limit);
  }
  async questions() {
    return [];
  }
  async latestFit(channel: string) {
    return this.fitsSaved.filter((fit) => fit.channel === channel).sort((a, b) => b.version - a.version)[0] ?? null;
  }
  async fits(channel: string) {
    return this.fitsSaved.filter((fit) => fit.channel === channel);
  }
  async saveFit(fit: CalibrationFit) {
    if (this.fitsSaved.some((saved) => saved.channel === fit.channel && saved.version === fit.version)) return false;
    this.fitsSaved.push(fit);
    return true;
  }
  async target(): Promise<CalibrationTarget | null> {
    return null;
  }
  async setTarget() {}
}

/** Decisions where approval follows coverage: high coverage approved, low coverage rejected. */
function decisions(count: number, startMinute = 0): ChannelDecision[] {
  return Array.from({ length: count }, (_, index) => {
    const coverage = (index % 10) / 10;
    return {
      reviewId: `r${startMinute + index}`,
      decidedAt: new Date(Date.UTC(2026, 11, 1, 0, startMinute + index)).toISOString(),
      kind: index % 7 === 0 ? 'sample' : 'review',
      status: coverage >= 0.6 ? 'approved' : index % 2 ? 'edited' : 'rejected',
      features: { coverage },
    };
  });
}

function run(store: MemoryStore, audit: AuditEntry[], sampleRate = 0.1) {
  return refitChannels({ store, audit: { append: async (entry) => void audit.push(entry) }, prior, sampleRate, now: () => new Date('2026-12-02T03:17:00Z'), log: () => {} });
}

describe('refitChannels', () => {
  it('fits a channel with enough decisions toward the prior, stores version 1 with its scored decisions, and audits it', async () => {
    const store = new MemoryStore({ web: decisions(40), slack: decisions(12) });
    const audit: AuditEntry[] = [];
    const outcomes = await run(store, audit);
    expect(outcomes).toEqual([
      { channel: 'web', refitted: true, version: 1, decisions: 40 },
      { channel: 'slack', refitted: false, reason: 'below-minimum' },
    ]);
    const [fit] = store.fitsSaved;
    expect(fit).toMatchObject({ channel: 'web', version: 1, decisions: 40, approved: 16, previousModel: 'prior-test', lastDecidedAt: '2026-12-01T00:39:00.000Z' });
    expect(fit!.model.version).toBe('web-v1');
    // Staff approve only high coverage: the channel's model leans on coverage harder than the prior does.
    expect(fit!.model.coefficients.coverage).toBeGreaterThan(prior.coefficients.coverage!);
    expect(fit!.scored).toHaveLength(40);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'calibration-refitted', subject: 'web', actor: 'calibration-refit', details: { version: 1, decisions: 40, previousModel: 'prior-test' } });
  });

  it('refits only when newer decisions arrived, as the next version', async () => {
    const store = new MemoryStore({ web: decisions(40) });
    await run(store, []);
    expect(await run(store, [])).toEqual([{ channel: 'web', refitted: false, reason: 'no-new-decisions' }]);
    store.byChannel.web!.push(...decisions(5, 100));
    const audit: AuditEntry[] = [];
    expect(await run(store, audit)).toEqual([{ channel: 'web', refitted: true, version: 2, decisions: 45 }]);
    expect(store.fitsSaved[1]).toMatchObject({ version: 2, previousModel: 'web-v1' });
    expect(store.fitsSaved[0]!.version).toBe(1);
    expect(audit[0]!.details).toMatchObject({ version: 2, previousModel: 'web-v1' });
  });

  it('stores one version when two runs race, and audits only the stored one', async () => {
    const store = new MemoryStore({ web: decisions(40) });
    const audit: AuditEntry[] = [];
    const outcomes = await Promise.all([run(store, audit), run(store, audit)]);
    expect(outcomes.flat().filter((outcome) => outcome.refitted)).toHaveLength(1);
    expect(outcomes.flat()).toContainEqual({ channel: 'web', refitted: false, reason: 'already-stored' });
    expect(store.fitsSaved).toHaveLength(1);
    expect(audit).toHaveLength(1);
  });

  it('weighs each sampled reply by 1 / sample rate: graded sends stand for all the unreviewed sends like them', async () => {
    // Held drafts (low coverage) are all reviewed; of the confident sends (coverage 0.9) only a
    // tenth is graded, and staff reject a third of those. Unweighted, the 15 graded sends look
    // like a small corner; weighted, they are the 150 sends they stand for.
    const held: ChannelDecision[] = Array.from({ length: 60 }, (_, index) => ({
      reviewId: `h${index}`,
      decidedAt: new Date(Date.UTC(2026, 11, 1, 0, index)).toISOString(),
      kind: 'review',
      status: index % 4 === 0 ? 'approved' : 'rejected',
      features: { coverage: 0.3 + (index % 3) / 10 },
    }));
    const graded: ChannelDecision[] = Array.from({ length: 15 }, (_, index) => ({
      reviewId: `s${index}`,
      decidedAt: new Date(Date.UTC(2026, 11, 1, 2, index)).toISOString(),
      kind: 'sample',
      status: index % 3 === 0 ? 'rejected' : 'approved',
      features: { coverage: 0.9 },
    }));
    const weighted = new MemoryStore({ web: [...held, ...graded] });
    const unweighted = new MemoryStore({ web: [...held, ...graded] });
    await run(weighted, [], 0.1);
    await run(unweighted, [], 1);
    const predicted = (store: MemoryStore) => predictApproval(store.fitsSaved[0]!.model, { coverage: 0.9 });
    // Weighted, the model's estimate for the sends is close to what staff found (2 in 3 approved)...
    expect(predicted(weighted)).toBeGreaterThan(0.6);
    expect(predicted(weighted)).toBeLessThan(0.72);
    // ... and nearer to it than the unweighted fit, which the 60 held drafts pull toward their rate.
    expect(Math.abs(predicted(weighted) - 2 / 3)).toBeLessThan(Math.abs(predicted(unweighted) - 2 / 3));
    expect(weighted.fitsSaved[0]!.decisions).toBe(75);
  });
});
