export type TicketPriority = 'low' | 'normal' | 'high';

export interface NewTicket {
  title: string;
  description: string;
  priority: TicketPriority;
  /** Who the ticket is for, so support knows whether a customer is waiting. */
  audience: 'employee' | 'customer';
}

/** Where approved tickets go (a D1 table, a helpdesk API). */
export interface TicketSink {
  /**
   * Creates the ticket once per idempotency key. A second call with the same
   * key creates nothing and returns the first ticket's id with
   * `created: false`, so a retried approval cannot open duplicates.
   */
  create(ticket: NewTicket, idempotencyKey: string): Promise<{ ticketId: string; created: boolean }>;
}
