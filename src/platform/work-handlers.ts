import { servicesFor } from '../composition';
import { slackServices, slackServicesOrNull } from '../slack-composition';
import { webChatServices } from '../web-composition';
import type { SlackEventJob, WebMessageJob, WorkMessage, WorkType } from './work-messages';

/** What the consumer does with one type of message: work it, and give up on it (retries exhausted, or a failure that cannot succeed). */
export interface WorkHandler<M extends WorkMessage> {
  handle(message: M, env: Env): Promise<void>;
  giveUp(message: M, env: Env): Promise<void>;
}

export type WorkHandlers = { [T in WorkType]: WorkHandler<Extract<WorkMessage, { type: T }>> };

const slackEvent: WorkHandler<SlackEventJob> = {
  async handle({ key, payload }, env) {
    const slack = slackServices(env, servicesFor(env).services);
    if (!slack) throw new Error('Slack is not configured');
    // Intake checks the workspace too, unless Slack could not be asked then: nothing of another workspace is stored.
    if (!slack.admits(JSON.parse(payload) as Record<string, unknown>, await slack.identity())) return;
    // The first delivery records it; Slack's retries (and queue redeliveries) find it recorded.
    await slack.inbound.record(key, payload);
    await slack.processEvent(key);
  },
  /** A question that kept failing: mark it failed (so status counts it) and tell staff. */
  async giveUp({ key, payload }, env) {
    const slack = slackServices(env, servicesFor(env).services);
    if (!slack) return;
    await slack.inbound.record(key, payload);
    await slack.giveUp(key, 'retries_exhausted');
  },
};

function webChat(env: Env) {
  const { config, services } = servicesFor(env);
  return webChatServices(env, config, services, slackServicesOrNull(env));
}

const webMessage: WorkHandler<WebMessageJob> = {
  handle: async ({ conversationId, messageId }, env) => webChat(env).answer({ conversationId, messageId }),
  giveUp: async ({ conversationId, messageId }, env) => webChat(env).giveUp({ conversationId, messageId }),
};

/** Queue message types and their handlers: a type without one does not compile. */
export const workHandlers: WorkHandlers = { 'slack-event': slackEvent, 'web-message': webMessage };
