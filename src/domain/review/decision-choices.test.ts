import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolRegistry } from '../tools/registry';
import { draft, setup } from './review-fixtures.testing';
import { reuseMessage } from './reuse-outcome';

/** Two write tools that count their runs. */
function countingTools() {
  const runs: string[] = [];
  const tools = new ToolRegistry();
  for (const name of ['create_ticket', 'cancel_subscription']) {
    tools.register({
      name,
      description: name,
      kind: 'write',
      schema: z.object({ id: z.string() }),
      run: async (args) => {
        runs.push(`${name}:${args.id}`);
        return `${name} done`;
      },
    });
  }
  return { tools, runs };
}

const twoActions = draft({
  proposedActions: [
    { tool: 'create_ticket', arguments: { id: 'T1' }, summary: 'Open a ticket' },
    { tool: 'cancel_subscription', arguments: { id: 'S1' }, summary: 'Cancel the plan' },
  ],
});

describe('reuse is a choice, and never of personal data', () => {
  it('keeps an approved reply for reuse only when asked, scoped to the audience and the channel kind', async () => {
    const { service, verified } = setup();
    const result = await service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001', reuse: true });
    expect(result.reuse.status).toBe('stored');
    expect(verified).toEqual([expect.objectContaining({ id: 'draft-1', audience: 'employee', channelKind: 'slack', answer: 'Park on level -1.', approvedBy: 'U2001', reviewId: 'review-1', status: 'active' })]);
    expect(reuseMessage(result.reuse)).toMatch(/^Kept for reuse/);
  });

  it('does not reuse an edit unless asked', async () => {
    const { service, verified } = setup();
    const result = await service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text: 'Level -1, badge at reception.' });
    expect(result.reuse).toEqual({ status: 'not_requested' });
    expect(verified).toEqual([]);
  });

  it('delivers an edit with personal data but refuses to reuse it, telling the staff member why', async () => {
    const { service, verified, posted } = setup();
    const text = 'Dana, your refund for invoice 4471 went to card 4111 1111 1111 1111; the receipt is at dana@example.com.';
    const result = await service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text, reuse: true });
    expect(result.decidedNow).toBe(true);
    expect(posted.map((entry) => entry.reply.text)).toEqual([text]);
    expect(result.reuse).toMatchObject({ status: 'refused', reason: 'personal_data', found: ['email', 'card'] });
    expect(reuseMessage(result.reuse)).toMatch(/^Sent, but not kept for reuse: the reply contains an email address, a card number\./);
    expect(verified).toEqual([]);
    // A retried completion makes the same choice.
    expect((await service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2002' })).reuse.status).toBe('refused');
    expect(verified).toEqual([]);
  });
});

describe('edit runs only the actions chosen', () => {
  it('runs none on a plain edit, however often it is completed', async () => {
    const { tools, runs } = countingTools();
    const { service, posted } = setup({ draft: twoActions, tools });
    const result = await service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text: 'We will not open a ticket.' });
    await service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2002' });
    expect(result.actionResults).toEqual([]);
    expect(runs).toEqual([]);
    expect(posted.map((entry) => entry.reply.text)).toEqual(['We will not open a ticket.']);
  });

  it('runs exactly the ticked ones, once', async () => {
    const { tools, runs } = countingTools();
    const { service, posted } = setup({ draft: twoActions, tools });
    await Promise.all([1, 2].map(() => service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text: 'Ticket opened; your plan stays.', actions: [0] })));
    expect(runs).toEqual(['create_ticket:T1']);
    expect(posted.map((entry) => entry.reply.text)).toEqual(['Ticket opened; your plan stays.\n\ncreate_ticket done']);
  });

  it('runs all on approve, and refuses a partial approve or unknown action numbers without deciding', async () => {
    const { tools, runs } = countingTools();
    const { service, reviews } = setup({ draft: twoActions, tools });
    await expect(service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001', actions: [1] })).rejects.toMatchObject({ code: 'invalid_actions' });
    await expect(service.decide({ reviewId: 'review-1', decision: 'edit', actor: 'U2001', text: 'x', actions: [2] })).rejects.toMatchObject({ code: 'invalid_actions' });
    await expect(service.decide({ reviewId: 'review-1', decision: 'reject', actor: 'U2001', actions: [0] })).rejects.toMatchObject({ code: 'invalid_actions' });
    expect(reviews.rows.get('review-1')!.status).toBe('pending');
    const approved = await service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2001', actions: [1, 0] });
    expect(approved.actionResults.map((outcome) => outcome.ok)).toEqual([true, true]);
    expect(runs).toEqual(['create_ticket:T1', 'cancel_subscription:S1']);
  });

  it('runs no action for an edit recorded before choices were', async () => {
    const { tools, runs } = countingTools();
    const old = setup({ draft: twoActions, tools });
    Object.assign(old.reviews.rows.get('review-1')!, { status: 'edited', finalText: 'Edited long ago.', decidedBy: 'U2001', decidedAt: '2026-11-01T00:00:00Z', runActions: null });
    await old.service.decide({ reviewId: 'review-1', decision: 'approve', actor: 'U2002' });
    expect(runs).toEqual([]);
  });
});
