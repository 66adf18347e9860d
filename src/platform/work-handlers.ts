import { buildServices } from '../composition';
import { readConfig } from '../config';
import { slackServices } from '../slack-composition';
import { registerWorkHandler } from './work-queue';

/** Queue message types and their handlers. */
registerWorkHandler('slack-event', async (body, env) => {
  const key = (body as { key?: unknown }).key;
  if (typeof key !== 'string' || !key.startsWith('slack:')) throw new Error('slack-event message without a key');
  const slack = slackServices(env, buildServices(env, readConfig(env)));
  if (!slack) throw new Error('Slack is not configured');
  await slack.processEvent(key);
});
