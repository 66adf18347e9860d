import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { FORBIDDEN, HOSTILE, texts } from '../blocks/fixtures.testing';
import { expectSafeMrkdwn } from '../blocks/slack-limits.testing';
import { appHomeView, type HomeInput, type StaffHomeFacts } from './app-home-view';

const now = new Date('2026-12-01T12:00:00Z');
const knowledge = { documents: 12, lastSync: '2026-12-01T09:00:00Z', sources: [{ name: 'handbook', documents: 10, lastSync: '2026-12-01T09:00:00Z' }, { name: '', documents: 2, lastSync: '2026-11-30T09:00:00Z' }] };
const input = (staff: StaffHomeFacts | null, overrides: Partial<HomeInput> = {}): HomeInput => ({ staff, knowledge, botUserId: 'UBOT', command: '/countersign', now, ...overrides });
const staffFacts = (count: number, questions: string[]): StaffHomeFacts => ({
  pending: {
    count,
    oldest: questions.map((question, index) => ({ id: `r${index}`, kind: index === 0 ? 'handoff' : 'review', question, createdAt: '2026-12-01T09:30:00Z', card: null, cardLink: index === 0 ? 'https://t.slack.com/archives/C9001/p1700000000000100' : null })),
  },
  channels: [{ id: 'slack', stage: 'supervised', readiness: 'Not ready for autonomous: 3 of 20 samples.' }],
  lastStepDown: { at: '2026-11-30T08:00:00Z', actor: 'safety-net', channel: 'web', comment: 'Rejections spiked' },
});
const all = (blocks: KnownBlock[]) => texts(blocks).join('\n');

describe('appHomeView', () => {
  it('shows staff the queue (count, oldest, link to each card), the stages and readiness, and the last step-down', () => {
    const view = appHomeView(input(staffFacts(12, ['Where do I park?', 'Cancel my plan'])));
    const text = all(view.blocks as KnownBlock[]);
    expect(view.type).toBe('home');
    expect(text).toContain('*12 pending reviews*, the oldest waiting 2 h 30 min.');
    expect(text).toContain('<https://t.slack.com/archives/C9001/p1700000000000100|Where do I park?>');
    expect(text).toContain('_handoff, waiting 2 h 30 min_');
    expect(text).toContain('…and 10 more');
    expect(text).toContain('*Slack (employees)*: `supervised`\nNot ready for autonomous: 3 of 20 samples.');
    expect(text).toMatch(/\*Last step-down:\* `web` on <!date\^\d+\^[^|]+\|2026-11-30T08:00:00.000Z> by safety-net: Rejections spiked/);
    expect(JSON.stringify(view)).toContain('What I know');
  });

  it('shows everyone else only what the bot knows and how to ask', () => {
    const text = all(appHomeView(input(null)).blocks as KnownBlock[]);
    expect(text).not.toMatch(/pending|Rollout|step-down/);
    expect(text).toContain('Mention <@UBOT> in a channel');
    expect(text).toContain('*12 documents*, last updated <!date^');
    expect(text).toContain('*handbook*: 10');
    expect(text).toContain('*Other documents*: 2');
    expect(all(appHomeView(input(null, { knowledge: { documents: 0, lastSync: null, sources: [] } })).blocks as KnownBlock[])).toContain('no documents have been added');
  });

  it('escapes hostile questions, names and comments, and stays within the Home limits', () => {
    const facts = staffFacts(500, Array.from({ length: 10 }, () => `${HOSTILE} ${'&'.repeat(300)}`));
    facts.lastStepDown = { at: 'not a date', actor: HOSTILE, channel: HOSTILE, comment: HOSTILE.repeat(50) };
    facts.channels = Array.from({ length: 30 }, () => ({ id: HOSTILE, stage: 'internal' as const, readiness: HOSTILE.repeat(100) }));
    const view = appHomeView(input(facts, { knowledge: { documents: 3, lastSync: null, sources: [{ name: HOSTILE, documents: 3, lastSync: 'x' }] } }));
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const shown = texts(view.blocks as KnownBlock[]);
    for (const text of shown) {
      expect(text.length).toBeLessThanOrEqual(3000);
      expectSafeMrkdwn(text);
    }
    expect(JSON.stringify(view)).not.toMatch(FORBIDDEN);
  });
});
