import { describe, expect, it } from 'vitest';
import type { RolloutStage } from '../answer/types';
import { changeStage, type ReadinessSnapshot, StageChangeError } from './change-stage';
import type { AuditEntry, Channel, ChannelRepository } from './types';

function fixture(stage: RolloutStage, readiness?: ReadinessSnapshot) {
  const channels = new Map<string, Channel>([['web', { id: 'web', kind: 'web', stage, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'install' }]]);
  const audit: AuditEntry[] = [];
  const repository: ChannelRepository = {
    get: async (id) => channels.get(id) ?? null,
    list: async () => [...channels.values()],
    setStage: async (id, from, to, by, at) => {
      const channel = channels.get(id);
      if (!channel || channel.stage !== from) return false;
      channels.set(id, { ...channel, stage: to, updatedBy: by, updatedAt: at });
      return true;
    },
  };
  const deps = {
    channels: repository,
    audit: { append: async (entry: AuditEntry) => void audit.push(entry) },
    ...(readiness ? { readiness: async () => readiness } : {}),
    now: () => new Date('2026-11-26T10:00:00.000Z'),
  };
  return { deps, channels, audit };
}

const admin = { id: 'ana@example.com', role: 'admin' as const };
const unmet: ReadinessSnapshot = { ready: false, unmet: ['at least 100 reviewed (have 12)'], figures: { reviewed: 12 } };

describe('changeStage', () => {
  it('moves the channel and records who, when, why and the figures', async () => {
    const { deps, channels, audit } = fixture('internal', { ready: true, unmet: [], figures: { reviewed: 140 } });
    const result = await changeStage(deps, { channelId: 'web', to: 'supervised', actor: admin, reason: 'Preview looked good' });
    expect(result.from).toBe('internal');
    expect(channels.get('web')?.stage).toBe('supervised');
    expect(audit).toEqual([
      {
        at: '2026-11-26T10:00:00.000Z',
        actor: 'ana@example.com',
        action: 'stage-changed',
        subject: 'web',
        comment: 'Preview looked good',
        details: { from: 'internal', to: 'supervised', direction: 'up', override: false, readiness: { ready: true, unmet: [], figures: { reviewed: 140 } } },
      },
    ]);
  });

  it('refuses reviewers, empty reasons, unknown channels and no-op changes, changing nothing', async () => {
    const { deps, channels, audit } = fixture('internal');
    const attempts: [Parameters<typeof changeStage>[1], string][] = [
      [{ channelId: 'web', to: 'supervised', actor: { id: 'rui', role: 'reviewer' }, reason: 'x' }, 'forbidden'],
      [{ channelId: 'web', to: 'supervised', actor: admin, reason: '   ' }, 'invalid_reason'],
      [{ channelId: 'nope', to: 'supervised', actor: admin, reason: 'x' }, 'not_found'],
      [{ channelId: 'web', to: 'internal', actor: admin, reason: 'x' }, 'unchanged'],
    ];
    for (const [request, code] of attempts) {
      await expect(changeStage(deps, request)).rejects.toMatchObject({ name: 'StageChangeError', code });
    }
    expect(channels.get('web')?.stage).toBe('internal');
    expect(audit).toHaveLength(0);
  });

  it('needs an override to step up while bars are unmet, and records the override', async () => {
    const { deps, channels, audit } = fixture('supervised', unmet);
    const error = await changeStage(deps, { channelId: 'web', to: 'autonomous', actor: admin, reason: 'Go' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StageChangeError);
    expect((error as StageChangeError).message).toContain('at least 100 reviewed (have 12)');
    expect(channels.get('web')?.stage).toBe('supervised');

    await changeStage(deps, { channelId: 'web', to: 'autonomous', actor: admin, reason: 'Launch week, watched closely', override: true });
    expect(channels.get('web')?.stage).toBe('autonomous');
    expect(audit[0]?.details).toMatchObject({ override: true, direction: 'up' });
  });

  it('always allows stepping down, recorded as a step-down when the safety net does it', async () => {
    const { deps, channels, audit } = fixture('autonomous', unmet);
    await changeStage(deps, { channelId: 'web', to: 'supervised', actor: { id: 'safety-net', role: 'admin' }, reason: 'Rejection rate 30%', kind: 'step-down' });
    expect(channels.get('web')?.stage).toBe('supervised');
    expect(audit[0]).toMatchObject({ action: 'stage-stepped-down', details: { direction: 'down', override: false } });
  });

  it('reports a conflict when the stage changed meanwhile', async () => {
    const { deps, audit } = fixture('internal');
    deps.channels.setStage = async () => false;
    await expect(changeStage(deps, { channelId: 'web', to: 'supervised', actor: admin, reason: 'x' })).rejects.toMatchObject({ code: 'conflict' });
    expect(audit).toHaveLength(0);
  });
});
