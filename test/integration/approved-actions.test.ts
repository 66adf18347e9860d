import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { D1ActionLedger } from '../../src/adapters/d1/d1-action-ledger';
import { D1TicketSink } from '../../src/adapters/d1/d1-ticket-sink';
import { runApprovedAction } from '../../src/domain/answer/run-approved-action';
import { ActionError } from '../../src/domain/tools/action-error';
import { builtinTools } from '../../src/domain/tools/builtin';
import { ToolRegistry } from '../../src/domain/tools/registry';
import { z } from 'zod';

const registry = () => builtinTools({ timeZone: 'UTC', searchPassages: async () => [], ticketSink: new D1TicketSink(env.DB) });
const ticketAction = { tool: 'create_ticket', arguments: { title: 'Broken chair', description: 'Desk 12 chair is broken' }, summary: 'Open a ticket' };
const tickets = async () => (await env.DB.prepare('SELECT count(*) AS n FROM tickets').first<{ n: number }>())?.n;

describe('runApprovedAction', () => {
  it('runs an approved action once, however often and however concurrently it is approved', async () => {
    const ledger = new D1ActionLedger(env.DB);
    const request = { draftId: 'draft-1', index: 0, action: ticketAction, audience: 'employee' as const };
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => runApprovedAction(registry(), ledger, request)));
    const again = await runApprovedAction(registry(), ledger, request);
    expect(await tickets()).toBe(1);
    const succeeded = [...outcomes, again].filter((outcome) => outcome.ok);
    expect(succeeded.length).toBeGreaterThanOrEqual(2);
    // Every success reports the same ticket to the asker.
    expect(new Set(succeeded.map((outcome) => (outcome.ok ? outcome.result : '')))).toEqual(new Set([(again as { result: string }).result]));
    expect((again as { result: string }).result).toMatch(/T-\d+/);
  });

  it('refuses read tools, unknown tools and bad arguments', async () => {
    const ledger = new D1ActionLedger(env.DB);
    const run = (tool: string, args: Record<string, unknown>) =>
      runApprovedAction(registry(), ledger, { draftId: 'draft-2', index: 0, action: { tool, arguments: args, summary: '' }, audience: 'employee' });
    expect(await run('calculator', { expression: '1+1' })).toMatchObject({ ok: false, retryable: false });
    expect(await run('launch_rocket', {})).toMatchObject({ ok: false, error: 'Unknown write action "launch_rocket".' });
    expect(await run('create_ticket', { title: 'x' })).toMatchObject({ ok: false, retryable: false });
  });

  it('releases the claim after a retryable failure, and records a permanent one', async () => {
    let attempts = 0;
    const flaky = new ToolRegistry().register({
      name: 'notify_hr',
      description: 'Tell HR',
      kind: 'write',
      schema: z.object({ note: z.string() }),
      async run() {
        attempts++;
        if (attempts === 1) throw new ActionError('HR system timed out', 'timeout', true);
        if (attempts === 2) return 'HR notified';
        throw new Error('must not run a third time');
      },
    });
    const ledger = new D1ActionLedger(env.DB);
    const request = { draftId: 'draft-3', index: 0, action: { tool: 'notify_hr', arguments: { note: 'hi' }, summary: '' }, audience: 'employee' as const };
    expect(await runApprovedAction(flaky, ledger, request)).toEqual({ ok: false, error: 'HR system timed out', retryable: true });
    expect(await runApprovedAction(flaky, ledger, request)).toEqual({ ok: true, result: 'HR notified' });
    expect(await runApprovedAction(flaky, ledger, request)).toEqual({ ok: true, result: 'HR notified' });
    expect(attempts).toBe(2);
  });
});
