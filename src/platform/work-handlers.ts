import { servicesFor } from '../composition';
import { slackServices } from '../slack-composition';
import { registerDeadLetterHandler, registerWorkHandler } from './work-queue';

/** Queue message types and their handlers. */
registerWorkHandler('slack-event', async (body, env) => {
  const { key, payload } = body as { key?: unknown; payload?: unknown };
  if (typeof key !== 'string' || !key.startsWith('slack:') || typeof payload !== 'string') throw new Error('malformed slack-event message');
  const slack = slackServices(env, servicesFor(env).services);
  if (!slack) throw new Error('Slack is not configured');
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
