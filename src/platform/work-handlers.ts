import type { WebQuestionJob } from '../adapters/web/web-question-source';
import { wiringFor } from '../wiring/wiring';
import { registerDeadLetterHandler, registerWorkHandler } from './work-queue';

/** Queue message types and their handlers. */
registerWorkHandler('slack-event', async (body, env) => {
  const { key, payload } = body as { key?: unknown; payload?: unknown };
  if (typeof key !== 'string' || !key.startsWith('slack:') || typeof payload !== 'string') throw new Error('malformed slack-event message');
  const slack = wiringFor(env).slack;
  if (!slack) throw new Error('Slack is not configured');
  // Intake checks the workspace too, unless Slack could not be asked then: nothing of another workspace is stored.
  if (!slack.admits(JSON.parse(payload) as Record<string, unknown>, await slack.identity())) return;
  // The first delivery records it; Slack's retries (and queue redeliveries) find it recorded.
  await slack.inbound.record(key, payload);
  await slack.processEvent(key);
});

/** A question that kept failing: mark it failed (so status counts it) and tell staff. */
registerDeadLetterHandler('slack-event', async (body, env) => {
  const { key, payload } = body as { key?: unknown; payload?: unknown };
  if (typeof key !== 'string' || typeof payload !== 'string') return;
  const slack = wiringFor(env).slack;
  if (!slack) return;
  await slack.inbound.record(key, payload);
  await slack.giveUp(key, 'retries_exhausted');
});

function webJob(body: unknown): WebQuestionJob {
  const { conversationId, messageId } = body as { conversationId?: unknown; messageId?: unknown };
  if (typeof conversationId !== 'string' || typeof messageId !== 'string') throw new Error('malformed web-message message');
  return { conversationId, messageId };
}

/** A customer's web chat message, stored by its conversation before it was queued. */
registerWorkHandler('web-message', async (body, env) => wiringFor(env).answerWebMessage(webJob(body)));

registerDeadLetterHandler('web-message', async (body, env) => wiringFor(env).giveUpOnWebMessage(webJob(body)));
