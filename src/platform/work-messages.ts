/**
 * Every message the work queue carries: one union, one guard per type. The
 * senders build them with these types and the consumer reads them through
 * the guards, so no handler casts a queue body.
 */

/** A Slack event, verified and recorded at intake; `payload` is the raw event body as Slack sent it. */
export interface SlackEventJob {
  type: 'slack-event';
  key: string;
  payload: string;
}

/** A customer's web chat message, stored by its conversation before it was queued. */
export interface WebMessageJob {
  type: 'web-message';
  conversationId: string;
  messageId: string;
}

export type WorkMessage = SlackEventJob | WebMessageJob;
export type WorkType = WorkMessage['type'];

function record(body: unknown): Record<string, unknown> | null {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
}

export function isSlackEventJob(body: unknown): body is SlackEventJob {
  const value = record(body);
  return value?.type === 'slack-event' && typeof value.key === 'string' && value.key.startsWith('slack:') && typeof value.payload === 'string';
}

export function isWebMessageJob(body: unknown): body is WebMessageJob {
  const value = record(body);
  return value?.type === 'web-message' && typeof value.conversationId === 'string' && typeof value.messageId === 'string';
}

/** The message's type when it is one this deploy knows, whatever its shape. */
export function typeOf(body: unknown): string | null {
  const type = record(body)?.type;
  return typeof type === 'string' ? type : null;
}

/** The well-formed message, or null (an unknown type, perhaps from a newer deploy, or a malformed body). */
export function parseWorkMessage(body: unknown): WorkMessage | null {
  return isSlackEventJob(body) || isWebMessageJob(body) ? body : null;
}
