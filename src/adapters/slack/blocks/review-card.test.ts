import type { ContextBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { buttons, FORBIDDEN, HOSTILE, texts, worstCase } from './fixtures.testing';
import { formatDuration, mention, percent, type ReviewCardInput, reviewCard, reviewOutcomeCard, slackDate } from './review-card';
import { expectWithinLimits } from './slack-limits.testing';

const INPUT: ReviewCardInput = {
  reviewId: 'rev-1',
  question: 'How many days can I carry over?',
  askerUserId: 'U1001',
  channelId: 'C2002',
  permalink: 'https://acme.slack.com/archives/C2002/p1741082400000100',
  answer: 'You can carry over **five days**.',
  citations: [{ title: 'Leave policy', headingPath: ['Carry-over'], url: 'https://wiki.example/leave' }],
  confidence: 0.423,
  reasons: ['Two passages agree', 'Question is common'],
  decision: 'review',
  proposedActions: [{ tool: 'create_ticket', arguments: { title: 'Carry-over', days: 5 }, summary: 'Log the request' }],
  createdAt: '2025-03-04T10:00:00.000Z',
};

const mrkdwn = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const plain = (text: string) => ({ type: 'plain_text', text });

describe('reviewCard', () => {
  it('renders the question, asker, draft, sources, confidence, actions and buttons', () => {
    expect(reviewCard(INPUT)).toEqual({
      text: 'Review needed: How many days can I carry over?',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Review needed', emoji: true } },
        mrkdwn('*Question*\n> How many days can I carry over?'),
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text:
                'Asked by <@U1001> in <#C2002> · <https://acme.slack.com/archives/C2002/p1741082400000100|View message>' +
                ' · <!date^1741082400^{date_short_pretty} {time}|2025-03-04T10:00:00.000Z>',
            },
          ],
        },
        { type: 'divider' },
        mrkdwn('*Draft reply*'),
        mrkdwn('You can carry over *five days*.'),
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: '*Sources:*' },
            { type: 'mrkdwn', text: '<https://wiki.example/leave|Leave policy › Carry-over>' },
          ],
        },
        mrkdwn('*Confidence:* 42%\n• Two passages agree\n• Question is common'),
        mrkdwn('*Proposed action:* `create_ticket`\nLog the request\n```\n{\n  "title": "Carry-over",\n  "days": 5\n}\n```'),
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Approve runs every proposed action, once. Edit runs only the ones you tick, once. Reject runs none.' }] },
        {
          type: 'actions',
          block_id: 'review_buttons',
          elements: [
            {
              type: 'button',
              action_id: 'review_approve',
              value: 'rev-1',
              text: plain('Approve and run 1 action'),
              style: 'primary',
              confirm: {
                title: plain('Run the proposed actions?'),
                text: plain('This will run: create_ticket'),
                confirm: plain('Approve and run'),
                deny: plain('Cancel'),
              },
            },
            { type: 'button', action_id: 'review_edit', value: 'rev-1', text: plain('Edit') },
            { type: 'button', action_id: 'review_reject', value: 'rev-1', text: plain('Reject'), style: 'danger' },
          ],
        },
      ],
    });
  });

  it('offers reuse only as its own button, and only for a reusable draft', () => {
    const reusable = { ...INPUT, proposedActions: [], reusable: true };
    expect(buttons(reviewCard(reusable).blocks).map((button) => [button.action_id, button.text.text])).toEqual([
      ['review_approve', 'Approve'],
      ['review_approve_reuse', 'Approve and reuse'],
      ['review_edit', 'Edit'],
      ['review_reject', 'Reject'],
    ]);
    expect(buttons(reviewCard({ ...reusable, reusable: false }).blocks).map((button) => button.action_id)).not.toContain('review_approve_reuse');
    const two = { ...INPUT, proposedActions: [INPUT.proposedActions[0]!, INPUT.proposedActions[0]!] };
    expect(buttons(reviewCard(two).blocks)[0]!.text.text).toBe('Approve and run 2 actions');
  });

  it.each([
    ['external', 'External user'],
    ['guest', 'Guest'],
    ['shared-channel', 'Shared channel'],
  ] as const)('says when the asker is an outsider (%s), on the card and on its outcome', (outsider, label) => {
    const card = reviewCard({ ...INPUT, outsider });
    expect(JSON.stringify(card.blocks)).toContain(label);
    expect(JSON.stringify(card.blocks)).toContain('public documents only');
    expect(JSON.stringify(reviewCard(INPUT).blocks)).not.toContain('public documents only');
  });

  it('asks for no confirmation when approving runs nothing', () => {
    const approve = buttons(reviewCard({ ...INPUT, proposedActions: [] }).blocks)[0]!;
    expect(approve.action_id).toBe('review_approve');
    expect(approve.confirm).toBeUndefined();
  });

  it('offers Edit and Reject only for a handoff with no draft', () => {
    const card = reviewCard({ ...INPUT, decision: 'handoff', answer: '  ', citations: [], proposedActions: [] });
    expect(card.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Handoff: no answer found', emoji: true } });
    expect(card.text).toBe('Handoff: no answer found: How many days can I carry over?');
    expect(texts(card.blocks)).toContain('_No draft: nothing relevant was found._');
    expect(buttons(card.blocks).map((button) => button.action_id)).toEqual(['review_edit', 'review_reject']);
  });

  it('shows ids that are not Slack ids, and links that are not https, as plain escaped text', () => {
    const card = reviewCard({ ...INPUT, askerUserId: 'visitor <!channel>', channelId: 'web', permalink: 'javascript:alert(1)' });
    expect(texts(card.blocks)[1]).toBe(
      'Asked by visitor &lt;!channel&gt; in web · <!date^1741082400^{date_short_pretty} {time}|2025-03-04T10:00:00.000Z>',
    );
  });

  it('escapes hostile text everywhere: question, answer, reasons, sources, action params and summaries', () => {
    const card = reviewCard({
      ...INPUT,
      reviewId: HOSTILE,
      question: `${HOSTILE}\n> nested`,
      answer: HOSTILE,
      citations: [{ title: HOSTILE, headingPath: [HOSTILE], url: `https://a.example/${HOSTILE}` }],
      reasons: [HOSTILE],
      proposedActions: [{ tool: HOSTILE, arguments: { note: HOSTILE, nested: { deep: ['```', HOSTILE] } }, summary: HOSTILE }],
      createdAt: HOSTILE,
    });
    expect(JSON.stringify(card.blocks.filter((block) => block.type !== 'actions'))).not.toMatch(FORBIDDEN);
    expect(card.text).not.toMatch(FORBIDDEN);
    const all = texts(card.blocks);
    expect(all[0]).toBe(
      '*Question*\n> &lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt; &lt;@U123&gt; &amp; &lt;https://evil.example|click&gt;\n> &gt; nested',
    );
    expect(all.find((text) => text.startsWith('*Confidence:*'))).toBe(
      '*Confidence:* 42%\n• &lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt; &lt;@U123&gt; &amp; &lt;https://evil.example|click&gt;',
    );
    const action = all.find((text) => text.startsWith('*Proposed action:*'))!;
    expect(action).toContain('"note": "&lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt; &lt;@U123&gt; &amp;');
    expect(action.match(/```/g)).toHaveLength(2); // a fence in the parameters cannot close the block
    // Button texts and the confirm dialog are plain_text, which Slack never parses: shown as written.
    expect(buttons(card.blocks)[0]!.confirm?.text.text).toBe(`This will run: ${HOSTILE}`);
    expectWithinLimits(card);
  });

  it('stays within every limit for the worst case', () => {
    const card = reviewCard(worstCase());
    expectWithinLimits(card);
    expect(card.text.length).toBeLessThanOrEqual(400);
    const all = texts(card.blocks).join('\n');
    expect(all.match(/\*Proposed action:\*/g)).toHaveLength(10);
    expect(all).toMatch(/…and \d+ more/); // reasons that did not fit are counted, not dropped silently
    expect(JSON.stringify(card.blocks.filter((block) => block.type !== 'actions'))).not.toMatch(FORBIDDEN);
  });

  it('shows at most 20 actions and says how many more approving will run', () => {
    const card = reviewCard(worstCase(25));
    expectWithinLimits(card);
    const all = texts(card.blocks).join('\n');
    expect(all.match(/\*Proposed action:\*/g)).toHaveLength(20);
    expect(all).toContain('…and 5 more proposed actions not shown here. Approving runs them all.');
    expect(buttons(card.blocks)[0]!.confirm?.text.text.length).toBeLessThanOrEqual(300);
  });
});

describe('reviewOutcomeCard', () => {
  const decided = { actorUserId: 'U2001', decidedAt: '2025-03-04T10:03:00.000Z', durationMs: 180_000, finalText: null, actionResults: [] };

  it.each([
    ['approved', '✅ Approved by <@U2001> after 3 min'],
    ['edited', '✏️ Edited and sent by <@U2001> after 3 min'],
    ['rejected', '🚫 Rejected by <@U2001> after 3 min'],
  ] as const)('%s: the card without buttons and a line saying who decided', (outcome, line) => {
    const card = reviewOutcomeCard({ ...INPUT, ...decided, outcome });
    expect(card.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(card.blocks.slice(0, -1)).toEqual(reviewCard(INPUT).blocks.slice(0, -1));
    expect(card.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${line} · <!date^1741082580^{date_short_pretty} {time}|2025-03-04T10:03:00.000Z>` }],
    });
  });

  it('adds the text sent instead and the action results', () => {
    const card = reviewOutcomeCard({
      ...INPUT,
      ...decided,
      outcome: 'edited',
      finalText: 'You can carry over **5 days** <!channel>.',
      actionResults: ['create_ticket: ticket T-42 created & <@U123> notified'],
    });
    expect(card.blocks.slice(-3)).toEqual([
      mrkdwn('*Sent instead*'),
      mrkdwn('You can carry over *5 days* &lt;!channel&gt;.'),
      mrkdwn('*Actions*\n• create_ticket: ticket T-42 created &amp; &lt;@U123&gt; notified'),
    ]);
  });

  it('says what became of the reuse choice, escaped', () => {
    const card = reviewOutcomeCard({ ...INPUT, ...decided, outcome: 'approved', finalText: null, actionResults: [], reuseNote: 'Sent, but not kept for reuse: the reply contains an email address <@U1>.' });
    expect(card.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Sent, but not kept for reuse: the reply contains an email address &lt;@U1&gt;.' }] });
  });

  it('stays within every limit for the worst case', () => {
    const worst = worstCase();
    const card = reviewOutcomeCard({
      ...worst,
      outcome: 'edited',
      actorUserId: 'not-an-id <!here>',
      decidedAt: 'yesterday',
      durationMs: 3 * 86_400_000 + 7_200_000,
      finalText: worst.answer,
      actionResults: Array.from({ length: 30 }, () => HOSTILE.repeat(20)),
      reuseNote: HOSTILE.repeat(50),
    });
    expectWithinLimits(card);
    const outcome = card.blocks.find((block): block is ContextBlock => block.type === 'context' && JSON.stringify(block).includes('Edited'));
    expect(outcome?.elements[0]).toEqual({ type: 'mrkdwn', text: '✏️ Edited and sent by not-an-id &lt;!here&gt; after 3 d 2 h · yesterday' });
    expect(JSON.stringify(card)).not.toMatch(/<script|<!channel>|<!here>|<@U123>/);
  });
});

describe('helpers', () => {
  it.each([
    [0, '0 s'],
    [44_600, '45 s'],
    [180_000, '3 min'],
    [3_600_000, '1 h'],
    [5_400_000, '1 h 30 min'],
    [90_000_000, '1 d 1 h'],
    [Number.NaN, '0 s'],
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('formats confidence as a clamped percentage', () => {
    expect([0, 0.005, 0.42, 1, 1.7, -1, Number.NaN].map(percent)).toEqual(['0%', '1%', '42%', '100%', '100%', '0%', 'unknown']);
  });

  it('mentions only well-formed ids', () => {
    expect(mention('U1001', '@')).toBe('<@U1001>');
    expect(mention('W1001', '@')).toBe('<@W1001>');
    expect(mention('G1001', '#')).toBe('<#G1001>');
    expect(mention('u1001', '@')).toBe('u1001');
    expect(mention('U1001> <!channel', '@')).toBe('U1001&gt; &lt;!channel');
    expect(mention(`U${'1'.repeat(100)}`, '@')).not.toContain('<');
  });

  it('renders dates as Slack date tokens, and anything unparseable as escaped text', () => {
    expect(slackDate('2025-03-04T10:00:00Z')).toBe('<!date^1741082400^{date_short_pretty} {time}|2025-03-04T10:00:00.000Z>');
    expect(slackDate('<!here>')).toBe('&lt;!here&gt;');
  });
});
