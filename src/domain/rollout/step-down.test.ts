import { describe, expect, it } from 'vitest';
import type { RolloutStage } from '../answer/types';
import type { ReviewStatus } from '../review/types';
import { runStepDownChecks, type StepDown, type StepDownDependencies } from './step-down';
import type { AuditEntry, Channel } from './types';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const thresholds = { windowDays: 7, minSampleSize: 20, maxSampledRejectionRate: 0.1, maxNotHelpfulRate: 0.25 };
const samples = (approved: number, rejected: number) =>
  [...Array<ReviewStatus>(approved).fill('approved'), ...Array<ReviewStatus>(rejected).fill('rejected')].map((status) => ({ status }));

function setup(channels: [string, RolloutStage, string][], facts: Record<string, ReturnType<typeof samples>>) {
  const rows = new Map<string, Channel>(channels.map(([id, stage, updatedAt]) => [id, { id, kind: 'web', stage, updatedAt, updatedBy: 'ana' }]));
  const audit: AuditEntry[] = [];
  const alerts: StepDown[] = [];
  const asked: [string, string][] = [];
  const events: string[] = [];
  const deps: StepDownDependencies = {
    channels: {
      get: async (id) => rows.get(id) ?? null,
      list: async () => [...rows.values()],
      setStage: async (id, from, to, by, at) => {
        const row = rows.get(id);
        if (row?.stage !== from) return false;
        rows.set(id, { ...row, stage: to, updatedBy: by, updatedAt: at });
        return true;
      },
    },
    audit: { append: async (entry) => void audit.push(entry) },
    facts: async (id, since) => {
      asked.push([id, since]);
      if (id === 'broken') throw new TypeError('D1 said no');
      return { samples: facts[id] ?? [], feedback: [] };
    },
    thresholds,
    alert: async (stepDown) => void alerts.push(stepDown),
    now: () => NOW,
    log: (event) => void events.push(event),
  };
  return { deps, rows, audit, alerts, asked, events };
}

describe('runStepDownChecks', () => {
  it('steps an autonomous channel with too many rejected samples down to supervised, audits the figures and alerts staff', async () => {
    const { deps, rows, audit, alerts } = setup(
      [
        ['web', 'autonomous', '2026-11-01T00:00:00.000Z'],
        ['shop', 'autonomous', '2026-11-01T00:00:00.000Z'],
        ['beta', 'supervised', '2026-11-01T00:00:00.000Z'],
      ],
      { web: samples(14, 6), shop: samples(19, 1), beta: samples(0, 20) },
    );
    const result = await runStepDownChecks(deps);

    expect(result.map((stepDown) => stepDown.channel.id)).toEqual(['web']);
    expect([...rows.values()].map((channel) => [channel.id, channel.stage])).toEqual([
      ['web', 'supervised'],
      ['shop', 'autonomous'],
      ['beta', 'supervised'],
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'safety-net',
      action: 'stage-stepped-down',
      subject: 'web',
      comment: 'Step down to supervised: 6 of 20 sampled replies rejected by staff (30%), above the 10% limit.',
      details: {
        from: 'autonomous',
        to: 'supervised',
        direction: 'down',
        readiness: { ready: false, figures: { sampledRejection: { count: 6, of: 20, rate: 0.3 }, since: '2026-11-19T12:00:00.000Z', thresholds } },
      },
    });
    expect(alerts.map((alert) => [alert.channel.id, alert.verdict.stepDown, alert.at])).toEqual([['web', true, NOW.toISOString()]]);
  });

  it('counts only what happened since the channel became autonomous', async () => {
    const { deps, asked } = setup([['web', 'autonomous', '2026-11-25T09:00:00.000Z']], {});
    await runStepDownChecks(deps);
    expect(asked).toEqual([['web', '2026-11-25T09:00:00.000Z']]);
  });

  it('leaves an admin’s concurrent change alone, and checks the other channels when one fails', async () => {
    const { deps, rows, audit, events } = setup(
      [
        ['broken', 'autonomous', '2026-11-01T00:00:00.000Z'],
        ['web', 'autonomous', '2026-11-01T00:00:00.000Z'],
      ],
      { web: samples(10, 10) },
    );
    const setStage = deps.channels.setStage;
    deps.channels.setStage = async (...args) => {
      rows.set('web', { ...rows.get('web')!, stage: 'internal' });
      return setStage(...args);
    };
    await expect(runStepDownChecks(deps)).rejects.toThrow('failed for 1 channel(s)');
    expect(rows.get('web')?.stage).toBe('internal');
    expect(audit).toEqual([]);
    expect(events).toEqual(['step-down-check-failed']);
  });
});
