import { describe, expect, it } from 'vitest';
import { answerMessage, parseFeedbackValue } from './answer-message';
import { HOSTILE } from './fixtures.testing';
import { MARKDOWN_BLOCK_LIMIT, markdownForBlock } from './markdown-block';
import { expectWithinLimits } from './slack-limits.testing';

describe('markdownForBlock', () => {
  it('keeps standard Markdown as it is: Slack renders it', () => {
    const markdown = '## Leave\nYou can carry over **five days**.\n\n| Days | When |\n|---|---|\n| 5 | March |\n\n> Quoted\n- [Policy](https://wiki.example/leave?a=1)';
    expect(markdownForBlock(markdown)).toBe(markdown);
  });

  it('escapes what could open a Slack token, outside code', () => {
    expect(markdownForBlock(HOSTILE)).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt; &lt;@U123&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(markdownForBlock('Fish & chips > 3 <@U999>')).toBe('Fish &amp; chips &gt; 3 &lt;@U999&gt;');
  });

  it('keeps a block quote a quote, and unlinks schemes nobody should click and images', () => {
    expect(markdownForBlock('> a <b>')).toBe('> a &lt;b&gt;');
    expect(markdownForBlock('[run](javascript:alert(1)) ![logo](https://x.example/l.png) [ok](mailto:hr@example.com)')).toBe('run logo [ok](mailto:hr@example.com)');
  });

  it('passes code through verbatim, and gives up (mrkdwn instead) when code holds what would need escaping', () => {
    expect(markdownForBlock('Run `npm ci` then:\n```sh\nnpm test\n```')).toBe('Run `npm ci` then:\n```sh\nnpm test\n```');
    expect(markdownForBlock('Type `<!channel>` to ping')).toBeNull();
    expect(markdownForBlock('```\na && b\n```')).toBeNull();
  });

  it('gives up on an answer over the 12 000-character limit, and on an empty one', () => {
    expect(markdownForBlock('a'.repeat(MARKDOWN_BLOCK_LIMIT))).toHaveLength(MARKDOWN_BLOCK_LIMIT);
    expect(markdownForBlock('&'.repeat(MARKDOWN_BLOCK_LIMIT / 4))).toBeNull(); // 5 characters each once escaped
    expect(markdownForBlock('   \n ')).toBeNull();
  });
});

describe('the native answer (assistant pane)', () => {
  const citations = [{ title: 'Leave policy', headingPath: ['Carry-over'], url: 'https://wiki.example/leave' }];

  it('is a markdown block, the sources in a context block, and Slack feedback buttons carrying the draft', () => {
    const message = answerMessage({ draftId: 'draft-1', answer: 'You can carry over **five days**.', mode: 'model', citations, native: true });
    expect(message.text).toBe('You can carry over *five days*.');
    expect(message.blocks).toEqual([
      { type: 'markdown', text: 'You can carry over **five days**.' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '*Sources:*' }, { type: 'mrkdwn', text: '<https://wiki.example/leave|Leave policy › Carry-over>' }] },
      {
        type: 'context_actions',
        block_id: 'feedback',
        elements: [
          {
            type: 'feedback_buttons',
            action_id: 'feedback_native',
            positive_button: { text: { type: 'plain_text', text: '👍' }, value: 'helpful:draft-1', accessibility_label: 'Helpful' },
            negative_button: { text: { type: 'plain_text', text: '👎' }, value: 'unhelpful:draft-1', accessibility_label: 'Not helpful' },
          },
        ],
      },
    ]);
    expectWithinLimits(message);
  });

  it('falls back to mrkdwn sections when the answer does not fit a markdown block, still with native feedback', () => {
    const message = answerMessage({ draftId: 'd', answer: '```\n<!channel>\n```', mode: 'model', citations: [], native: true });
    expect(message.blocks.map((block) => block.type)).toEqual(['section', 'context_actions']);
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expectWithinLimits(message);
  });

  it('stays within every limit for 10 KB of hostile answer', () => {
    const answer = Array.from({ length: 150 }, (_, index) => `- **${HOSTILE}** [l|nk](https://a.example/${index}?x=1&y=2)`).join('\n');
    const message = answerMessage({ draftId: 'd'.repeat(1980), answer, mode: 'verified', citations, native: true });
    expectWithinLimits(message);
    expect(JSON.stringify(message)).not.toMatch(/<script|<!channel>|<@U123>/);
  });

  it('reads back only the values its buttons carry', () => {
    expect(parseFeedbackValue('helpful:draft-1')).toEqual({ helpful: true, draftId: 'draft-1' });
    expect(parseFeedbackValue('unhelpful:d')).toEqual({ helpful: false, draftId: 'd' });
    for (const value of ['helpful:', 'positive_feedback', 42, null, `helpful:${'d'.repeat(2000)}`]) expect(parseFeedbackValue(value)).toBeNull();
  });
});
