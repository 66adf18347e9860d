import { describe, expect, it } from 'vitest';
import type { WaitingReview } from '../../domain/review/deadlines';
import { MAX_LISTED, reminderText, stepDownText } from './staff-alerts';

const NOW = new Date('2026-11-26T12:00:00.000Z');

function waiting(id: string, overrides: Partial<WaitingReview> = {}): WaitingReview {
  return {
    id,
    draftId: `draft-${id}`,
    kind: 'review',
    channel: 'slack',
    destination: { kind: 'slack', channel: 'C1001', threadTs: '1700000000.000100' },
    askerId: 'U1001',
    status: 'pending',
    createdAt: '2026-11-26T11:15:00.000Z',
    decidedAt: null,
    decidedBy: null,
    finalText: null,
    rejectReason: null,
    runActions: null,
    reuseRequested: false,
    card: { channel: 'C9001', ts: '1700000000.000200', permalink: null },
    question: 'Where do employees park?',
    ...overrides,
  };
}

describe('reminderText', () => {
  it('mentions the group and lists each review with its wait, where it came from, the question and the card', () => {
    const text = reminderText({
      reviews: [waiting('a'), waiting('b', { kind: 'handoff', channel: 'web', destination: { kind: 'web', conversationId: 'c1', messageId: 'm1' }, createdAt: '2026-11-26T09:00:00.000Z', question: 'Is <!channel> & co\nfree?' })],
      links: ['https://acme.slack.com/archives/C9001/p1700000000000200', null],
      now: NOW,
      group: 'S0STAFF',
      expireAfterMinutes: 1440,
    });
    expect(text).toBe(
      [
        '<!subteam^S0STAFF> ⏰ 2 questions are still waiting for a staff decision:',
        '• *Review* · waiting 45 min · <#C1001> · “Where do employees park?” · <https://acme.slack.com/archives/C9001/p1700000000000200|Open the card>',
        '• *Handoff* · waiting 3 h · web chat (web) · “Is &lt;!channel&gt; &amp; co free?”',
        'Reviews left undecided for 1 d expire: the asker then gets a holding message and the review closes.',
      ].join('\n'),
    );
  });

  it('caps the list and counts the rest; no group, no mention; no expiry, no warning', () => {
    const reviews = Array.from({ length: MAX_LISTED + 3 }, (_, index) => waiting(`r${index}`));
    const text = reminderText({ reviews, links: [], now: NOW, group: null, expireAfterMinutes: null });
    const lines = text.split('\n');
    expect(lines[0]).toBe('⏰ 13 questions are still waiting for a staff decision:');
    expect(lines.filter((line) => line.startsWith('• '))).toHaveLength(MAX_LISTED);
    expect(lines.at(-1)).toBe('…and 3 more (see the review console).');
  });
});

describe('stepDownText', () => {
  it('names the channel and gives the reason with its figures', () => {
    const text = stepDownText(
      {
        channel: { id: 'web', kind: 'web', stage: 'supervised', updatedAt: NOW.toISOString(), updatedBy: 'safety-net' },
        verdict: {
          stepDown: true,
          reason: 'Step down to supervised: 6 of 20 sampled replies rejected by staff (30%), above the 10% limit.',
          sampledRejection: { count: 6, of: 20, rate: 0.3 },
          notHelpful: { count: 0, of: 0, rate: null },
        },
        since: '2026-11-19T12:00:00.000Z',
        at: NOW.toISOString(),
      },
      'S0STAFF',
    );
    expect(text).toBe(
      [
        "<!subteam^S0STAFF> ⚠️ The *web* channel is back to *supervised*: every reply waits for a teammate's review again.",
        'Step down to supervised: 6 of 20 sampled replies rejected by staff (30%), above the 10% limit.',
        'An admin can move it up again once the figures recover (the audit log has them).',
      ].join('\n'),
    );
  });
});
