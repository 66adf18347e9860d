import { WebClient } from '@slack/web-api';
import { D1ActionLedger } from './adapters/d1/d1-action-ledger';
import { D1DeliveryLedger } from './adapters/d1/d1-delivery-ledger';
import { D1ReviewRepository } from './adapters/d1/d1-review-repository';
import { D1TrainingSink } from './adapters/d1/d1-training-sink';
import { SlackInboundStore } from './adapters/slack/inbound-store';
import { notifyStaffOfFailure, processSlackEvent } from './adapters/slack/process-question';
import { createSlackApp, SLACK_RETRIES, slackFetch } from './adapters/slack/slack-app';
import { readSlackConfig, type SlackConfig } from './adapters/slack/slack-config';
import { SlackReplyChannel } from './adapters/slack/slack-reply-channel';
import { slackStatus } from './adapters/slack/slack-status';
import { StaffDirectory } from './adapters/slack/staff-directory';
import type { WorkerReceiver } from './adapters/slack/worker-receiver';
import type { Services } from './composition';
import { ReviewService } from './domain/review/review-service';
import { log } from './platform/log';

export interface SlackServices {
  config: SlackConfig;
  inbound: SlackInboundStore;
  receiver: WorkerReceiver;
  /** Answers one recorded event (the queue consumer calls this). */
  processEvent(key: string): Promise<void>;
  /** Marks an event that could not be answered as failed and tells staff (the dead-letter consumer). */
  giveUp(key: string, code: string): Promise<void>;
}

// One Bolt app per isolate and Env: building it (and its WebClient) per request would cost more than the request.
const cache = new WeakMap<object, SlackServices | null>();

/** Slack wiring, or null when the Slack secrets are not set. */
export function slackServices(env: Env, services: Services): SlackServices | null {
  if (cache.has(env)) return cache.get(env)!;
  const config = readSlackConfig(env);
  const built = config ? build(env, config, services) : null;
  cache.set(env, built);
  return built;
}

function build(env: Env, config: SlackConfig, services: Services): SlackServices {
  const inbound = new SlackInboundStore(env.DB);
  const reviews = new D1ReviewRepository(env.DB);
  const client = new WebClient(config.botToken, { slackApiUrl: config.apiUrl, fetch: slackFetch, retryConfig: SLACK_RETRIES });
  const reply = new SlackReplyChannel(client, new D1DeliveryLedger(env.DB));
  // The bot's user id tells its own mentions and messages apart; ask Slack once per isolate if not configured.
  let botUserId: Promise<string | null> | null = null;
  const resolveBotUserId = () =>
    (botUserId ??= config.botUserId
      ? Promise.resolve(config.botUserId)
      : client.auth.test().then((response) => response.user_id ?? null, () => {
          botUserId = null;
          return null;
        }));
  const reviewService = async () =>
    new ReviewService({
      reviews,
      drafts: services.drafts,
      reply,
      training: new D1TrainingSink(env.DB),
      verified: services.verified,
      tools: await services.actionTools(),
      ledger: new D1ActionLedger(env.DB),
      now: () => new Date(),
    });
  const { receiver } = createSlackApp(config, {
    client,
    staff: new StaffDirectory(client, config.staffChannel, config.staffUsers, Date.now, config.staffGroup),
    reviews,
    drafts: services.drafts,
    service: reviewService,
    recordFeedback: (draftId, userId, helpful) => services.feedback.record(draftId, userId, helpful),
    status: () => slackStatus(env.DB, config.stage),
  });
  return {
    config,
    inbound,
    receiver,
    async giveUp(key, code) {
      await inbound.setStatus(key, 'failed', code);
      log('slack-question-failed', { eventKey: key, code });
      const event = (JSON.parse((await inbound.get(key))?.payload ?? '{}') as { event?: { user?: unknown; channel?: unknown } }).event ?? {};
      await notifyStaffOfFailure(client, config.staffChannel, event, code, 'I gave up after several attempts; please answer it directly.');
    },
    processEvent: async (key) =>
      processSlackEvent(key, {
        client,
        inbound,
        drafts: services.drafts,
        reviews,
        reply,
        engine: () => services.engineFor('employee'),
        botUserId: await resolveBotUserId(),
        staffChannel: config.staffChannel,
        stage: config.stage,
        newId: () => crypto.randomUUID(),
        now: () => new Date(),
        log,
      }),
  };
}
