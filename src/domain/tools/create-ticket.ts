import { z } from 'zod';
import type { TicketSink } from './ticket-sink';
import type { Tool } from './types';

const createTicketSchema = z.object({
  title: z.string().trim().min(3).max(120).describe('A short summary of the problem or request.'),
  description: z.string().trim().min(1).max(2000).describe('What happened, what the asker needs, and any ids or dates they gave.'),
  priority: z.enum(['low', 'normal', 'high']).default('normal').describe('How urgent it is; "high" only when something is down or a deadline is at risk.'),
});

/**
 * Opens a support ticket. A write tool: the model only proposes it, and it
 * runs after staff approve the draft. The idempotency key comes from the
 * approved action, so a retry reports the ticket the first run created.
 */
export function createTicketTool(sink: TicketSink): Tool<typeof createTicketSchema> {
  return {
    name: 'create_ticket',
    description: 'Opens a support ticket for the asker when the knowledge base cannot resolve their request. Needs staff approval.',
    kind: 'write',
    schema: createTicketSchema,
    async run(args, context) {
      const { ticketId, created } = await sink.create({ ...args, audience: context.audience }, context.idempotencyKey);
      return created ? `Ticket ${ticketId} created` : `Ticket ${ticketId} already created`;
    },
  };
}
