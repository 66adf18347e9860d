import { describe, expect, it } from 'vitest';
import type { Passage } from '../answer/types';
import { type ChatMessage, checkCustomerMessage, historyTurns, sourcesOf } from './messages';

const limits = { maxMessageChars: 10, maxHistory: 100, perSessionPerMinute: 10, perIpPerMinute: 30 };

describe('checkCustomerMessage', () => {
  it('cleans control characters and line endings, keeping newlines and tabs', () => {
    expect(checkCustomerMessage({ text: ' a\r\nb\u0000\tc\u001b ', clientMessageId: 'm-1' }, limits)).toEqual({ text: 'a\nb\tc', clientMessageId: 'm-1' });
  });

  it('removes bidirectional overrides and C1 controls, keeping emoji joiners', () => {
    expect(checkCustomerMessage({ text: 'a \u202Eb\u202C c\u0085', clientMessageId: 'm' }, limits)).toMatchObject({ text: 'a b c' });
    expect(checkCustomerMessage({ text: '👨\u200D👩', clientMessageId: 'm' }, limits)).toMatchObject({ text: '👨\u200D👩' });
  });

  it('names what is wrong', () => {
    expect(checkCustomerMessage({ text: '  \u0007 ', clientMessageId: 'm' }, limits)).toMatchObject({ code: 'empty_message' });
    expect(checkCustomerMessage({ text: 42, clientMessageId: 'm' }, limits)).toMatchObject({ code: 'empty_message' });
    expect(checkCustomerMessage({ text: 'x'.repeat(11), clientMessageId: 'm' }, limits)).toMatchObject({ code: 'message_too_long' });
    // Characters, not UTF-16 units: ten emoji fit.
    expect(checkCustomerMessage({ text: '😀'.repeat(10), clientMessageId: 'm' }, limits)).toMatchObject({ text: '😀'.repeat(10) });
    for (const id of [undefined, '', 'a b', 'x'.repeat(65), '<script>']) {
      expect(checkCustomerMessage({ text: 'hi', clientMessageId: id }, limits)).toMatchObject({ code: 'invalid_client_message_id' });
    }
  });
});

describe('sourcesOf', () => {
  it('lists each cited document once, in citation order', () => {
    const passage = (documentId: string, title: string, url: string | null) => ({ documentId, title, url, headingPath: [title] }) as Passage;
    expect(sourcesOf([passage('a', 'Parking', 'https://x/p'), passage('b', 'Hours', null), passage('a', 'Parking', 'https://x/p')])).toEqual([
      { title: 'Parking', url: 'https://x/p' },
      { title: 'Hours', url: '/kb/b' },
    ]);
  });

  it("links a document without a URL to its /kb page, at the cited section's anchor", () => {
    const passage = { documentId: 'samples/public/shift-swapping.md', title: 'Shift swapping', url: null, headingPath: ['Shift swapping', 'Requesting a swap', 'Swaps & Überstunden?'] } as Passage;
    expect(sourcesOf([passage])).toEqual([{ title: 'Shift swapping', url: '/kb/samples/public/shift-swapping.md#swaps-uberstunden' }]);
    expect(sourcesOf([{ ...passage, documentId: 'a b#c?.md', headingPath: ['Shift swapping'] }])).toEqual([{ title: 'Shift swapping', url: '/kb/a%20b%23c%3F.md' }]);
  });
});

describe('historyTurns', () => {
  it('gives the turns before a message, without holding messages', () => {
    const message = (seq: number, role: ChatMessage['role'], kind: ChatMessage['kind'], text: string): ChatMessage => ({
      id: `m${seq}`, seq, role, kind, text, sources: [], feedback: false, replyTo: null, createdAt: '2026-11-26T00:00:00Z',
    });
    const messages = [message(1, 'customer', 'question', 'q1'), message(2, 'assistant', 'holding', 'checking'), message(3, 'assistant', 'staff', 'a1'), message(4, 'customer', 'question', 'q2')];
    expect(historyTurns(messages, 4)).toEqual([
      { role: 'user', text: 'q1' },
      { role: 'assistant', text: 'a1' },
    ]);
  });
});
