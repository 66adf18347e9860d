import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolRegistry } from '../tools/registry';
import { draft, setup } from './review-fixtures.testing';
import { REJECTED_FOLLOW_UP_REPLY, REJECTED_HOLDING_REPLY, ReviewError } from './review-service';

describe('ReviewService.decide', () => {
  it('approves once however many clicks race, delivering the draft with its sources', async () => {
    const { service, posted, training, verified, reviews } = setup();
    const results = await Promise.all([1, 2, 3].map(() => service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001' })));
    expect(results.filter((result) => result.decidedNow)).toHaveLength(1);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ key: 'review:review-1', reply: { text: 'Park on level -1.', draft: { id: 'draft-1' }, author: 'bot' } });
    expect(training()).toEqual([expect.objectContaining({ source: 'approved', finalAnswer: 'Park on level -1.' })]);
    // Reuse is a choice: a plain approval keeps nothing for similar questions.
    expect(verified).toEqual([]);
    expect(results.map((result) => result.reuse.status)).toEqual(['not_requested', 'not_requested', 'not_requested']);
    expect(reviews.rows.get('review-1')).toMatchObject({ status: 'approved', decidedBy: 'U2001', decidedAt: '2026-11-26T10:05:00.000Z' });
  });

  it('lets approve and reject race: one outcome, one delivery', async () => {
    const { service, posted, reviews } = setup();
    await Promise.all([
      service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001' }),
      service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2002', reason: 'wrong' }),
    ]);
    expect(posted).toHaveLength(1);
    const status = reviews.rows.get('review-1')!.status;
    expect(posted[0]!.reply.text).toBe(status === 'approved' ? 'Park on level -1.' : REJECTED_HOLDING_REPLY);
  });

  it('runs an approved action exactly once and reports its result to the asker', async () => {
    let runs = 0;
    const tools = new ToolRegistry().register({
      name: 'create_ticket',
      description: 'Open a ticket',
      kind: 'write',
      schema: z.object({ title: z.string() }),
      run: async () => `Ticket T-${++runs} created`,
    });
    const withAction = draft({ proposedActions: [{ tool: 'create_ticket', arguments: { title: 'Badge' }, summary: 'Open a ticket' }] });
    const { service, posted, verified } = setup({ draft: withAction, tools });
    await Promise.all([1, 2].map(() => service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001' })));
    expect(runs).toBe(1);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.reply.text).toBe('Park on level -1.\n\nTicket T-1 created');
    expect(verified).toEqual([]);
  });

  it('delivers an edit as the staff member wrote it, and keeps it as a better example', async () => {
    const { service, posted, training } = setup();
    await service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text: '  Level -1, badge from reception.  ' });
    expect(posted[0]?.reply).toEqual({ text: 'Level -1, badge from reception.', draft: null, author: 'staff' });
    expect(training()).toEqual([expect.objectContaining({ source: 'edited', finalAnswer: 'Level -1, badge from reception.' })]);
  });

  it('refuses an empty or oversized edit, and approving an empty draft, changing nothing', async () => {
    const { service, reviews, posted } = setup();
    await expect(service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text: ' ' })).rejects.toMatchObject({ code: 'invalid_text' });
    await expect(service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text: 'x'.repeat(3001) })).rejects.toBeInstanceOf(ReviewError);
    const empty = setup({ draft: draft({ answer: '' }) });
    await expect(empty.service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001' })).rejects.toMatchObject({ code: 'invalid_text' });
    expect(reviews.rows.get('review-1')!.status).toBe('pending');
    expect(posted).toEqual([]);
  });

  it('refuses a reject without a reason, changing nothing', async () => {
    const { service, reviews, posted } = setup();
    for (const reason of [undefined, '', '   ']) {
      await expect(service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2001', reason })).rejects.toMatchObject({ code: 'invalid_reason', message: expect.stringContaining('reason is required') });
    }
    await expect(service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2001', reason: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 'invalid_reason' });
    expect(reviews.rows.get('review-1')!.status).toBe('pending');
    expect(posted).toEqual([]);
  });

  it('promises a reply from the team only when the reviewer says one will follow; the standard messages are not staff-written', async () => {
    const promised = setup();
    await promised.service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2001', reason: 'needs a person', followUp: true });
    expect(promised.posted[0]?.reply).toEqual({ text: REJECTED_FOLLOW_UP_REPLY, draft: null, author: 'bot' });
    expect(REJECTED_FOLLOW_UP_REPLY).toContain('A member of our team will reply here.');
    expect(promised.training()).toEqual([]);

    const unpromised = setup();
    await unpromised.service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2001', reason: 'out of scope' });
    expect(unpromised.posted[0]?.reply).toEqual({ text: REJECTED_HOLDING_REPLY, draft: null, author: 'bot' });
    expect(REJECTED_HOLDING_REPLY).not.toMatch(/will (reply|follow up)/);

    // A reply written on reject is the reviewer's words, whatever the follow-up choice.
    const written = setup();
    await written.service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2001', reason: 'wrong', text: 'Ask facilities.', followUp: true });
    expect(written.posted[0]?.reply).toEqual({ text: 'Ask facilities.', draft: null, author: 'staff' });
  });

  it('rejects with a holding reply, or with the staff reply kept for preference pairs', async () => {
    const plain = setup();
    await plain.service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2001', reason: 'outdated' });
    expect(plain.posted[0]?.reply.text).toBe(REJECTED_HOLDING_REPLY);
    // The default notice is not a person's words: not marked as the support team's.
    expect(plain.posted[0]?.reply.author).toBe('bot');
    expect(plain.training()).toEqual([]);
    expect(plain.reviews.rows.get('review-1')?.rejectReason).toBe('outdated');

    const withReply = setup();
    await withReply.service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2001', reason: 'wrong', text: 'Ask facilities.' });
    expect(withReply.posted[0]?.reply).toMatchObject({ text: 'Ask facilities.', author: 'staff' });
    expect(withReply.training()).toEqual([expect.objectContaining({ source: 'rejected_with_reply', finalAnswer: 'Ask facilities.' })]);
    expect(withReply.verified).toEqual([]);
  });

  it('reports an unknown review', async () => {
    const { service } = setup();
    await expect(service.decide({ reviewId: 'nope', decision: 'approve', actor: 'U2001' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
