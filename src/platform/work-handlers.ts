import { servicesFor } from '../composition';
import { slackServices, slackServicesOrNull } from '../slack-composition';
import { webChatServices } from '../web-composition';
import { registerDeadLetterHandler, registerWorkHandler } from './work-queue';

/** Queue message types and their handlers. */
registerWorkHandler('slack-event', async (body, env) => {
  const { key, payload } = body as { key?: unknown; payload?: unknown };
  if (typeof key !== 'string' || !key.startsWith('slack:') || typeof payload !== 'string') throw new Error('malformed slack-event message');
  const slack = slackServices(env, servicesFor(env).services);
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
  const slack = slackServices(env, servicesFor(env).services);
  if (!slack) return;
  await slack.inbound.record(key, payload);
  await slack.giveUp(key, 'retries_exhausted');
});

function webJob(body: unknown): { conversationId: string; messageId: string } {
  const { conversationId, messageId } = body as { conversationId?: unknown; messageId?: unknown };
  if (typeof conversationId !== 'string' || typeof messageId !== 'string') throw new Error('malformed web-message message');
  return { conversationId, messageId };
}

function webChat(env: Env) {
  const { config, services } = servicesFor(env);
  return webChatServices(env, config, services, slackServicesOrNull(env));
}

/** A customer's web chat message, stored by its conversation before it was queued. */
registerWorkHandler('web-message', async (body, env) => webChat(env).answer(webJob(body)));

registerDeadLetterHandler('web-message', async (body, env) => webChat(env).giveUp(webJob(body)));
