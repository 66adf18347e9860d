import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../rollout/types';
import type { CalibrationModel } from './logistic';
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

function run(store: MemoryStore, audit: AuditEntry[]) {
  return refitChannels({ store, audit: { append: async (entry) => void audit.push(entry) }, prior, now: () => new Date('2026-12-02T03:17:00Z'), log: () => {} });
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
});
