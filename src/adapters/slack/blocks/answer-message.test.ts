import type { ContextBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { answerMessage, holdingMessage, MAX_ANSWER_SECTIONS, STRINGS } from './answer-message';
import { HOSTILE } from './fixtures.testing';
import { ACTION_IDS } from './ids';
import { expectWithinLimits } from './slack-limits.testing';

describe('answerMessage', () => {
  it('renders the answer, its sources and the feedback buttons', () => {
    const message = answerMessage({
      draftId: 'draft-1',
      answer: 'You can carry over **five days**.',
      mode: 'model',
      citations: [
        { title: 'Leave policy', headingPath: ['Carry-over'], url: 'https://wiki.example/leave' },
        { title: 'Handbook', headingPath: ['Time off', 'Rules'], url: null },
      ],
    });
    expect(message).toEqual({
      text: 'You can carry over *five days*.',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'You can carry over *five days*.' } },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: '*Sources:*' },
            { type: 'mrkdwn', text: '<https://wiki.example/leave|Leave policy › Carry-over>' },
            { type: 'mrkdwn', text: 'Handbook › Time off › Rules' },
          ],
        },
        {
          type: 'actions',
          block_id: 'feedback',
          elements: [
            { type: 'button', action_id: 'feedback_helpful', value: 'draft-1', text: { type: 'plain_text', text: 'Helpful' } },
            { type: 'button', action_id: 'feedback_unhelpful', value: 'draft-1', text: { type: 'plain_text', text: 'Not helpful' } },
          ],
        },
      ],
    });
  });

  it('keeps the label line of an extractive answer and omits the sources block when there are none', () => {
    const answer = '_From our knowledge base (no AI summary):_\n> Employees may carry over five days.';
    const message = answerMessage({ draftId: 'd', answer, mode: 'extractive', citations: [] });
    expect(message.blocks.map((block) => block.type)).toEqual(['section', 'actions']);
    expect((message.blocks[0] as SectionBlock).text?.text).toBe(
      '_From our knowledge base (no AI summary):_\n> Employees may carry over five days.',
    );
  });

  it('notes a verified answer', () => {
    const message = answerMessage({ draftId: 'd', answer: 'Yes.', mode: 'verified', citations: [] });
    const notes = message.blocks[1] as ContextBlock;
    expect(notes.elements).toEqual([{ type: 'mrkdwn', text: STRINGS.answer.verified }]);
  });

  it('escapes hostile text in the answer, the fallback and the sources', () => {
    const message = answerMessage({
      draftId: 'd',
      answer: HOSTILE,
      mode: 'model',
      citations: [
        { title: HOSTILE, headingPath: ['<!here>'], url: null },
        { title: 'Linked & <b>', headingPath: [], url: 'https://wiki.example/a?b=1&c=<2>|fake' },
        { title: 'Script', headingPath: [], url: 'javascript:alert(1)' },
      ],
    });
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/<script|<!channel>|<!here>|<@U123>|\|click>/);
    // `<https://…|click>` is a CommonMark autolink whose URL holds a pipe: it stays a link, but cannot bring its own label.
    expect(message.text).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt; &lt;@U123&gt; &amp; <https://evil.example%7Cclick>');
    const sources = (message.blocks[1] as ContextBlock).elements.map((element) => ('text' in element ? element.text : ''));
    expect(sources[2]).toBe('<https://wiki.example/a?b=1&amp;c=&lt;2&gt;%7Cfake|Linked &amp; &lt;b&gt;>');
    expect(sources[3]).toBe('Script');
    expectWithinLimits(message);
  });

  it('shows at most five distinct sources, then how many more', () => {
    const citations = Array.from({ length: 8 }, (_, index) => ({ title: `Doc ${index % 7}`, headingPath: [], url: null }));
    const sources = (answerMessage({ draftId: 'd', answer: 'A', mode: 'model', citations }).blocks[1] as ContextBlock).elements;
    expect(sources.map((element) => ('text' in element ? element.text : ''))).toEqual([
      '*Sources:*',
      'Doc 0',
      'Doc 1',
      'Doc 2',
      'Doc 3',
      'Doc 4',
      '+2 more',
    ]);
  });

  it('splits a long answer into sections of at most 3000 characters without losing text', () => {
    const paragraph = `${'Carry-over rules apply to everyone. '.repeat(20).trim()}\n\n`;
    const answer = paragraph.repeat(12); // about 8.7 KB
    const message = answerMessage({ draftId: 'd', answer, mode: 'model', citations: [] });
    const sections = message.blocks.filter((block): block is SectionBlock => block.type === 'section');
    expect(sections.length).toBe(3);
    expect(sections.map((block) => block.text?.text).join('\n\n')).toBe(answer.trim());
    expectWithinLimits(message);
  });

  it('stays within every limit for the worst case: 10 KB of hostile answer and 40 citations', () => {
    const answer = Array.from({ length: 200 }, (_, index) =>
      index % 10 === 0 ? `\`\`\`\n${HOSTILE}\n` : `- **${HOSTILE}** [l|nk](https://a.example/${index}?x=1&y=2) ${'&'.repeat(10)}`,
    ).join('\n');
    const citations = Array.from({ length: 40 }, (_, index) => ({
      title: `${HOSTILE} ${index} ${'&'.repeat(400)}`,
      headingPath: Array.from({ length: 10 }, () => '<!channel>'.repeat(20)),
      url: index % 2 ? `https://a.example/${'&'.repeat(index * 50)}` : null,
    }));
    expect(answer.length).toBeGreaterThan(10_000);
    const message = answerMessage({ draftId: 'd'.repeat(2000), answer, mode: 'verified', citations });
    expectWithinLimits(message);
    expect(message.blocks.filter((block) => block.type === 'section').length).toBeLessThanOrEqual(MAX_ANSWER_SECTIONS);
    expect(JSON.stringify(message)).not.toMatch(/<script|<!channel>|<@U123>/);
  });

  it('marks an answer cut at the section cap with an ellipsis', () => {
    const message = answerMessage({ draftId: 'd', answer: '&'.repeat(10_000), mode: 'model', citations: [] });
    const sections = message.blocks.filter((block): block is SectionBlock => block.type === 'section');
    expect(sections).toHaveLength(MAX_ANSWER_SECTIONS);
    expect(sections.at(-1)?.text?.text.endsWith('…')).toBe(true);
    expectWithinLimits(message);
  });

  it('refuses a draft id that cannot be a button value', () => {
    expect(() => answerMessage({ draftId: 'd'.repeat(2001), answer: 'A', mode: 'model', citations: [] })).toThrow(/value length/);
    expect(() => answerMessage({ draftId: '', answer: 'A', mode: 'model', citations: [] })).toThrow(/value length/);
  });

  it('uses the shared action ids', () => {
    const actions = answerMessage({ draftId: 'd', answer: 'A', mode: 'model', citations: [] }).blocks.at(-1);
    expect(actions?.type === 'actions' && actions.elements.map((element) => element.action_id)).toEqual([
      ACTION_IDS.feedbackHelpful,
      ACTION_IDS.feedbackUnhelpful,
    ]);
  });
});

describe('holdingMessage', () => {
  it.each([
    ['review', "Thanks, a teammate is checking this answer before it's sent. I'll reply here."],
    ['handoff', "I couldn't find this in our knowledge base, so I've passed your question to the team. Someone will reply here."],
  ] as const)('%s', (kind, text) => {
    expect(holdingMessage(kind)).toEqual({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
  });
});
