import { wiringFor } from '../wiring/wiring';
import type { SlackEventJob, WebMessageJob, WorkMessage, WorkType } from './work-messages';

/** What the consumer does with one type of message: work it, and give up on it (retries exhausted, or a failure that cannot succeed). */
export interface WorkHandler<M extends WorkMessage> {
  handle(message: M, env: Env): Promise<void>;
  /** `reason`: the error's code when a failure cannot succeed; absent when the retries ran out. */
  giveUp(message: M, env: Env, reason?: string): Promise<void>;
}

export type WorkHandlers = { [T in WorkType]: WorkHandler<Extract<WorkMessage, { type: T }>> };

const slackEvent: WorkHandler<SlackEventJob> = {
  async handle({ key, payload }, env) {
    const slack = wiringFor(env).slack;
    if (!slack) throw new Error('Slack is not configured');
    // Intake checks the workspace too, unless Slack could not be asked then: nothing of another workspace is stored.
    if (!slack.admits(JSON.parse(payload) as Record<string, unknown>, await slack.identity())) return;
    // The first delivery records it; Slack's retries (and queue redeliveries) find it recorded.
    await slack.inbound.record(key, payload);
    await slack.processEvent(key);
  },
  /** A question that kept failing: mark it failed (so status counts it) and tell staff. */
  async giveUp({ key, payload }, env, reason) {
    const slack = wiringFor(env).slack;
    if (!slack) return;
    // The same workspace check as handle(): another workspace's event is never stored, even on giving up.
    if (!slack.admits(JSON.parse(payload) as Record<string, unknown>, await slack.identity())) return;
    await slack.inbound.record(key, payload);
    await slack.giveUp(key, reason ?? 'retries_exhausted');
  },
};

const webMessage: WorkHandler<WebMessageJob> = {
  handle: async ({ conversationId, messageId }, env) => wiringFor(env).answerWebMessage({ conversationId, messageId }),
  giveUp: async ({ conversationId, messageId }, env) => wiringFor(env).giveUpOnWebMessage({ conversationId, messageId }),
};

/** Queue message types and their handlers: a type without one does not compile. */
export const workHandlers: WorkHandlers = { 'slack-event': slackEvent, 'web-message': webMessage };
