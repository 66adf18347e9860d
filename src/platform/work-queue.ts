import { log } from '../log';

/**
 * Consumer of the work queue (`WORK_QUEUE`). Intake acknowledges callers at
 * once and hands slow work (answering, delivery) to this queue, which retries
 * with backoff and parks poison messages in the dead-letter queue. Each
 * message type gets a handler here as the features that send it land; a
 * message of an unknown type is retried (it may come from a newer deploy
 * during a rollout) until it reaches the dead-letter queue.
 */
export type WorkHandler = (body: unknown, env: Env) => Promise<void>;

const handlers = new Map<string, WorkHandler>();
const deadLetterHandlers = new Map<string, WorkHandler>();

export function registerWorkHandler(type: string, handler: WorkHandler): void {
  handlers.set(type, handler);
}

/** What to do with a message that exhausted its retries: record the failure where people will see it. */
export function registerDeadLetterHandler(type: string, handler: WorkHandler): void {
  deadLetterHandlers.set(type, handler);
}

export async function handleWorkBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue.endsWith('-dlq')) return handleDeadLetters(batch, env);
  // Messages are independent questions (each handler is idempotent), so a
  // batch is worked on at once: one slow model call does not hold up the rest.
  await Promise.all(batch.messages.map((message) => handleOne(batch.queue, message, env)));
}

async function handleOne(queue: string, message: Message<unknown>, env: Env): Promise<void> {
  const type = typeof message.body === 'object' && message.body !== null ? (message.body as { type?: unknown }).type : undefined;
  const handler = typeof type === 'string' ? handlers.get(type) : undefined;
  if (!handler) {
    log('work-unknown-type', { queue, id: message.id, attempts: message.attempts });
    message.retry({ delaySeconds: 30 });
    return;
  }
  try {
    await handler(message.body, env);
    message.ack();
  } catch (error) {
    log('work-failed', { queue, id: message.id, type, attempts: message.attempts, error: (error as Error).name });
    message.retry({ delaySeconds: Math.min(300, 2 ** message.attempts * 5) });
  }
}

/** Dead letters: handled once; a failure is logged and retried within the dead-letter queue's own retries. */
async function handleDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const type = typeof message.body === 'object' && message.body !== null ? (message.body as { type?: unknown }).type : undefined;
    const handler = typeof type === 'string' ? deadLetterHandlers.get(type) : undefined;
    try {
      if (handler) await handler(message.body, env);
      else log('dead-letter-unhandled', { queue: batch.queue, id: message.id, type: typeof type === 'string' ? type : null });
      message.ack();
    } catch (error) {
      // Giving up must itself not be lost (a database hiccup): try again, within the dead-letter queue's retries.
      log('dead-letter-failed', { queue: batch.queue, id: message.id, attempts: message.attempts, error: (error as Error).name });
      message.retry({ delaySeconds: 30 });
    }
  }
}
