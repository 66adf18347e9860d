import { describe, expect, it } from 'vitest';
import { EXTRACTIVE_LABEL } from '../../../domain/answer/extractive';
import { plainText, queueList } from './review-queue-view';

describe('the queue snippet', () => {
  it('is the draft as one line of plain text, without Markdown marks or the extractive label', () => {
    const draft = `${EXTRACTIVE_LABEL}\n\n> **Returns** within \`30 days\`.\n> — [Returns](https://help.example/returns)\n\n- one\n1. two`;
    expect(plainText(draft)).toBe('Returns within 30 days. — Returns one two');
  });

  it('escapes what askers and drafts hold', () => {
    const row = { id: 'r1', kind: 'review' as const, channel: 'web', question: '<img src=x onerror=alert(1)>', draft: '<script>x</script>', confidence: 0.5, createdAt: new Date().toISOString(), preview: false };
    const list = queueList([row], new Date()).value;
    expect(list).not.toContain('<img');
    expect(list).not.toContain('<script>');
    expect(list).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
