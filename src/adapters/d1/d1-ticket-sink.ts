import type { NewTicket, TicketSink } from '../../domain/tools/ticket-sink';

/** Tickets in D1, created at most once per idempotency key (a UNIQUE column). */
export class D1TicketSink implements TicketSink {
  constructor(
    private readonly db: D1Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(ticket: NewTicket, idempotencyKey: string): Promise<{ ticketId: string; created: boolean }> {
    const inserted = await this.db
      .prepare(
        `INSERT INTO tickets (idempotency_key, title, description, priority, audience, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      )
      .bind(idempotencyKey, ticket.title, ticket.description, ticket.priority, ticket.audience, this.now().toISOString())
      .first<{ id: number }>();
    if (inserted) return { ticketId: `T-${inserted.id}`, created: true };
    const existing = await this.db.prepare('SELECT id FROM tickets WHERE idempotency_key = ?').bind(idempotencyKey).first<{ id: number }>();
    if (!existing) throw new Error('ticket insert conflicted but no ticket exists');
    return { ticketId: `T-${existing.id}`, created: false };
  }
}
