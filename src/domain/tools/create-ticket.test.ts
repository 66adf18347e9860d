import { describe, expect, it } from 'vitest';
import { createTicketTool } from './create-ticket';
import { ToolRegistry } from './registry';
import type { NewTicket, TicketSink } from './ticket-sink';
import type { ToolContext } from './types';

/** An in-memory TicketSink keyed like the D1 table would be: one ticket per idempotency key. */
class FakeTicketSink implements TicketSink {
  readonly calls: { ticket: NewTicket; idempotencyKey: string }[] = [];
  readonly tickets = new Map<string, { ticketId: string; ticket: NewTicket }>();

  async create(ticket: NewTicket, idempotencyKey: string) {
    this.calls.push({ ticket, idempotencyKey });
    const existing = this.tickets.get(idempotencyKey);
    if (existing) return { ticketId: existing.ticketId, created: false };
    const ticketId = `T-${122 + this.tickets.size + 1}`;
    this.tickets.set(idempotencyKey, { ticketId, ticket });
    return { ticketId, created: true };
  }
}

const context: ToolContext = { idempotencyKey: 'draft-42:0', audience: 'customer' };

function parse(rawJson: string) {
  const sink = new FakeTicketSink();
  const registry = new ToolRegistry().register(createTicketTool(sink));
  return { sink, result: registry.parseArguments('create_ticket', rawJson) };
}

describe('create_ticket', () => {
  it('creates a ticket once per idempotency key, and says so on a retry', async () => {
    const sink = new FakeTicketSink();
    const tool = createTicketTool(sink);
    const args = { title: 'Refund not received', description: 'Order 1042, returned on 3 May.', priority: 'high' as const };

    expect(await tool.run(args, context)).toBe('Ticket T-123 created');
    expect(await tool.run(args, context)).toBe('Ticket T-123 already created');
    expect(await tool.run(args, { ...context, idempotencyKey: 'draft-43:0' })).toBe('Ticket T-124 created');

    expect(sink.tickets.size).toBe(2);
    expect(sink.calls[0]).toEqual({ ticket: { ...args, audience: 'customer' }, idempotencyKey: 'draft-42:0' });
  });

  it('defaults the priority to normal and trims text', () => {
    const { result } = parse('{"title":"  VPN down  ","description":"Cannot connect since 9:00."}');
    expect(result).toMatchObject({ ok: true, args: { title: 'VPN down', description: 'Cannot connect since 9:00.', priority: 'normal' } });
  });

  it('rejects arguments out of bounds with errors the model can act on', () => {
    expect(parse('{"title":"Hi","description":"x"}').result).toEqual({
      ok: false,
      error: 'Invalid arguments for create_ticket: title: String must contain at least 3 character(s)',
    });
    expect(parse(JSON.stringify({ title: 'Refund', description: 'x'.repeat(2001) })).result).toEqual({
      ok: false,
      error: 'Invalid arguments for create_ticket: description: String must contain at most 2000 character(s)',
    });
    expect(parse('{"title":"Refund","description":"x","priority":"urgent"}').result).toEqual({
      ok: false,
      error: "Invalid arguments for create_ticket: priority: Invalid enum value. Expected 'low' | 'normal' | 'high', received 'urgent'",
    });
  });

  it('is a write tool, so it only runs after approval', () => {
    expect(createTicketTool(new FakeTicketSink()).kind).toBe('write');
  });
});
