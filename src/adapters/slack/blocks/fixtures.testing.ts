import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { expect } from 'vitest';
import type { ReviewCardInput } from './review-card';

// Shared test data (not a test file): hostile text and the worst-case review.

export const HOSTILE = '<script>alert(1)</script> <!channel> <@U123> & <https://evil.example|click>';
export const FORBIDDEN = /<script|<!channel>|<!here>|<@U123>|\|click>/;

/** Every mrkdwn text of the blocks, in order (sections, then each context element). */
export const texts = (blocks: KnownBlock[]) =>
  blocks.flatMap((block) => {
    if (block.type === 'section') return [block.text?.text ?? ''];
    if (block.type === 'context') return block.elements.map((element) => ('text' in element ? element.text : ''));
    return [];
  });
export const buttons = (blocks: KnownBlock[]) => (blocks.find((block) => block.type === 'actions') as ActionsBlock | undefined)?.elements as Button[];

/** The brief's worst case: 40 citations, a 10 KB answer, 30 reasons, 10 actions (or more), all hostile and `&`-heavy. */
export function worstCase(actionCount = 10): ReviewCardInput {
  const answer = Array.from({ length: 300 }, (_, index) => `**${HOSTILE}** [l${index}](https://a.example/${index}?q=&x) ${'&'.repeat(5)}`).join('\n');
  expect(answer.length).toBeGreaterThan(10_000);
  return {
    reviewId: 'r'.repeat(2000),
    question: HOSTILE.repeat(200),
    askerUserId: 'U1001',
    channelId: 'C2002',
    permalink: `https://acme.slack.com/archives/C2002/p1?thread=${'&'.repeat(3000)}`,
    answer,
    citations: Array.from({ length: 40 }, (_, index) => ({
      title: `${HOSTILE}${'&'.repeat(500)}`,
      headingPath: Array.from({ length: 20 }, () => `${index}<!here>`),
      url: `https://a.example/${index}/${'&'.repeat(199)}`,
    })),
    confidence: 0.5,
    reasons: Array.from({ length: 30 }, (_, index) => `${index} ${HOSTILE} ${'&'.repeat(500)}`),
    decision: 'review',
    proposedActions: Array.from({ length: actionCount }, (_, index) => ({
      tool: `${HOSTILE}_${index}`.repeat(20),
      arguments: { body: '&'.repeat(5000), list: Array.from({ length: 100 }, () => HOSTILE), fence: '```' },
      summary: HOSTILE.repeat(50),
    })),
    createdAt: '2025-03-04T10:00:00.000Z',
  };
}
