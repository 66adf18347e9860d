import { AppError } from '../domain/app-error';
import { log } from '../log';
import type { WorkHandler, WorkHandlers } from './work-handlers';
import { parseWorkMessage, typeOf, type WorkMessage } from './work-messages';

/**
 * Consumer of the work queue (`WORK_QUEUE`). Intake acknowledges callers at
 * once and hands slow work (answering, delivery) to this queue, which retries
 * with backoff and parks poison messages in the dead-letter queue. A message
 * of an unknown type (or shape) is retried (it may come from a newer deploy
 * during a rollout) until it reaches the dead-letter queue. A failure that
 * says it cannot succeed (an AppError with `retryable: false`) is given up on
 * at once instead of being retried to the dead-letter queue.
 */
export async function handleWorkBatch(batch: MessageBatch<unknown>, env: Env, handlers: WorkHandlers): Promise<void> {
  if (batch.queue.endsWith('-dlq')) return handleDeadLetters(batch, env, handlers);
  // Messages are independent questions (each handler is idempotent), so a
  // batch is worked on at once: one slow model call does not hold up the rest.
  await Promise.all(batch.messages.map((message) => handleOne(batch.queue, message, env, handlers)));
}

function handlerOf(handlers: WorkHandlers, message: WorkMessage): WorkHandler<WorkMessage> {
  // The map is keyed by the union's tag, so the handler found takes this message's type.
  return handlers[message.type] as WorkHandler<WorkMessage>;
}

async function handleOne(queue: string, message: Message<unknown>, env: Env, handlers: WorkHandlers): Promise<void> {
  const work = parseWorkMessage(message.body);
  if (!work) {
    log('work-unknown-type', { queue, id: message.id, type: typeOf(message.body), attempts: message.attempts });
    message.retry({ delaySeconds: 30 });
    return;
  }
  const handler = handlerOf(handlers, work);
  try {
    await handler.handle(work, env);
    message.ack();
  } catch (error) {
    const retryable = !(error instanceof AppError) || error.retryable;
    log('work-failed', { queue, id: message.id, type: work.type, attempts: message.attempts, error: (error as Error).name, retryable });
    if (retryable) return void message.retry({ delaySeconds: Math.min(300, 2 ** message.attempts * 5) });
    await giveUp(queue, message, work, handler, env, (error as AppError).code);
  }
}

/** A failure that cannot succeed: recorded now, as the dead-letter queue would, then acknowledged; recording that failed is retried. */
async function giveUp(queue: string, message: Message<unknown>, work: WorkMessage, handler: WorkHandler<WorkMessage>, env: Env, reason: string): Promise<void> {
  try {
    await handler.giveUp(work, env, reason);
    message.ack();
  } catch (error) {
    log('work-give-up-failed', { queue, id: message.id, type: work.type, attempts: message.attempts, error: (error as Error).name });
    message.retry({ delaySeconds: 30 });
  }
}

/** Dead letters: handled once; a failure is logged and retried within the dead-letter queue's own retries. */
async function handleDeadLetters(batch: MessageBatch<unknown>, env: Env, handlers: WorkHandlers): Promise<void> {
  for (const message of batch.messages) {
    const work = parseWorkMessage(message.body);
    try {
      if (work) await handlerOf(handlers, work).giveUp(work, env);
      else log('dead-letter-unhandled', { queue: batch.queue, id: message.id, type: typeOf(message.body) });
      message.ack();
    } catch (error) {
      // Giving up must itself not be lost (a database hiccup): try again, within the dead-letter queue's retries.
      log('dead-letter-failed', { queue: batch.queue, id: message.id, attempts: message.attempts, error: (error as Error).name });
      message.retry({ delaySeconds: 30 });
    }
  }
}
