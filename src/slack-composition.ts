import { WebClient } from '@slack/web-api';
import { D1ChannelRepository } from './adapters/d1/d1-channels';
import { D1AppHomeFacts } from './adapters/d1/d1-app-home-facts';
import { D1AssistantThreads } from './adapters/d1/d1-assistant-threads';
import { D1DeliveryLedger } from './adapters/d1/d1-delivery-ledger';
import { D1ReviewRepository } from './adapters/d1/d1-review-repository';
import { D1SlackAnswers } from './adapters/d1/d1-slack-answers';
import { D1SlackUsers } from './adapters/d1/d1-slack-users';
import { AskerDirectory, isWorkspaceMember } from './adapters/slack/asker-audience';
import { AppHomePublisher } from './adapters/slack/app-home/app-home-publisher';
import { processSurfaceEvent, recordedSurfaceEvent } from './adapters/slack/assistant/process-surface-event';
import { assistantSurfaceFor } from './adapters/slack/assistant/question-surface';
import { chooseSuggestedPrompts, MAX_PROMPTS, MIN_TIMES_ASKED, parseConfiguredPrompts } from './adapters/slack/assistant/suggested-prompts';
import { SlackInboundStore } from './adapters/d1/d1-inbound-store';
import { notifyStaffOfFailure, processSlackEvent } from './adapters/slack/process-question';
import { createSlackApp, SLACK_RETRIES, slackFetch } from './adapters/slack/slack-app';
import { readSlackConfig, type SlackConfig } from './adapters/slack/slack-config';
import { SlackReplyChannel } from './adapters/slack/slack-reply-channel';
import { foreignEnvelope, type SlackIdentity, SlackIdentityResolver } from './adapters/slack/slack-identity';
import { statusCounts } from './adapters/d1/d1-slack-status';
import { recordedEnvelope } from './adapters/slack/payloads/event-callback';
import { slackStatus } from './adapters/slack/slack-status';
import { StaffDirectory } from './adapters/slack/staff-directory';
import type { WorkerReceiver } from './adapters/slack/worker-receiver';
import { type Services, servicesFor } from './composition';
import { readinessOf } from './http/console/metrics';
import { log } from './log';
import { buildReviewService } from './review-composition';

export interface SlackServices {
  config: SlackConfig;
  /** Posts into Slack once per key (replies, holding messages, review cards). */
  reply: SlackReplyChannel;
  client: WebClient;
  inbound: SlackInboundStore;
  receiver: WorkerReceiver;
  /** The workspace, app and bot user this deployment serves (configured, or learned from Slack once per isolate). */
  identity(): Promise<SlackIdentity>;
  /**
   * Whether an event envelope is for this workspace and app. Others are
   * logged (ids only, never text) and dropped; the caller still answers 200,
   * so Slack does not retry them.
   */
  admits(envelope: Record<string, unknown>, identity: SlackIdentity): boolean;
  /** Answers one recorded event (the queue consumer calls this). */
  processEvent(key: string): Promise<void>;
  /** Marks an event that could not be answered as failed and tells staff (the dead-letter consumer). */
  giveUp(key: string, code: string): Promise<void>;
  /** Republishes the App Home of staff who opened it lately (after a decision); best effort. */
  refreshHomes(): Promise<void>;
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

/** Slack wiring, or null when Slack is off or misconfigured (for callers that work without it). */
export function slackServicesOrNull(env: Env): SlackServices | null {
  try {
    return slackServices(env, servicesFor(env).services);
  } catch {
    return null;
  }
}

function build(env: Env, config: SlackConfig, services: Services): SlackServices {
  const inbound = new SlackInboundStore(env.DB);
  // SLACK_STAGE is the Slack channel's first stage; sign-offs change it in D1 from then on.
  const channels = new D1ChannelRepository(env.DB, [{ id: 'slack', kind: 'slack', stage: config.stage }]);
  const reviews = new D1ReviewRepository(env.DB);
  const client = new WebClient(config.botToken, { slackApiUrl: config.apiUrl, fetch: slackFetch, retryConfig: SLACK_RETRIES });
  // Posts are retried by the reply channel, which first looks for a post whose answer was lost.
  const postClient = new WebClient(config.botToken, { slackApiUrl: config.apiUrl, fetch: slackFetch, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const answers = new D1SlackAnswers(env.DB);
  // The bot's user id tells its own mentions and messages apart; the team and app ids refuse other workspaces' events.
  const identity = new SlackIdentityResolver(client, config, log);
  const askers = new AskerDirectory(client, new D1SlackUsers(env.DB), log);
  const admits = (envelope: Record<string, unknown>, known: SlackIdentity) => {
    const foreign = foreignEnvelope(envelope, known);
    if (foreign) log('slack-foreign-event-refused', { mismatch: foreign, teamId: String(envelope.team_id).slice(0, 40), appId: String(envelope.api_app_id).slice(0, 40) });
    return foreign === null;
  };
  const threads = new D1AssistantThreads(env.DB);
  // Answers in the assistant pane (an assistant thread or an agent-view DM) render natively.
  const inAssistantPane = async (destination: { channel: string; threadTs: string }) =>
    destination.channel.startsWith('D') && (await threads.forMessage(destination.channel, destination.threadTs)) !== null;
  const reply = new SlackReplyChannel(postClient, new D1DeliveryLedger(env.DB), answers, undefined, inAssistantPane);
  const resolveBotUserId = async () => (await identity.resolve().catch(() => null))?.botUserId ?? config.botUserId ?? null;
  const reviewService = () => buildReviewService(env, services, reply);
  const staff = new StaffDirectory(client, config.staffChannel, config.staffUsers, Date.now, config.staffGroup);
  const facts = new D1AppHomeFacts(env.DB);
  const isMember = async (userId: string) => isWorkspaceMember(await askers.facts(userId), (await identity.resolve()).teamId);
  const home = new AppHomePublisher({
    client,
    staff,
    isMember,
    facts,
    threads,
    channels: async () =>
      Promise.all(
        (await channels.list()).map(async (channel) => ({
          id: channel.id,
          stage: channel.stage,
          readiness: (await readinessOf(env, channel).catch(() => null))?.summary ?? 'Readiness figures are unavailable (check READINESS_BARS).',
        })),
      ),
    botUserId: resolveBotUserId,
    command: config.command,
    now: () => new Date(),
    log,
  });
  const refreshHomes = () => home.refreshStaff().catch((error: unknown) => log('slack-home-refresh-failed', { error: (error as Error).name }));
  const configuredPrompts = parseConfiguredPrompts(env.SLACK_SUGGESTED_PROMPTS);
  const surfaceDeps = {
    client,
    reply,
    threads,
    // Employees' own questions are offered to members only: a guest or a Slack Connect user
    // gets the configured prompts or none (the questions could name internal matters).
    prompts: async (userId: string) => {
      return chooseSuggestedPrompts(configuredPrompts, (await isMember(userId)) ? () => facts.wellAnsweredQuestions(MIN_TIMES_ASKED, MAX_PROMPTS * 3) : async () => []);
    },
    publishHome: (userId: string) => home.publish(userId),
    log,
  };
  const { receiver } = createSlackApp(config, {
    client,
    staff,
    reviews,
    drafts: services.drafts,
    service: reviewService,
    recordFeedback: (draftId, userId, helpful) => services.feedback.record(draftId, userId, helpful),
    isDeliveredAnswer: (draftId, channel) => answers.wasDelivered(draftId, channel),
    status: async () => slackStatus(await statusCounts(env.DB), (await channels.list()).map((channel) => ({ id: channel.id, stage: channel.stage }))),
    afterDecision: refreshHomes,
  });
  return {
    config,
    reply,
    client,
    inbound,
    receiver,
    identity: () => identity.resolve(),
    admits,
    refreshHomes,
    async giveUp(key, code) {
      await inbound.setStatus(key, 'failed', code);
      log('slack-question-failed', { eventKey: key, code });
      const event = recordedEnvelope((await inbound.get(key))?.payload ?? '')?.event ?? {};
      await notifyStaffOfFailure(client, config.staffChannel, event, code, 'I gave up after several attempts; please answer it directly.');
    },
    processEvent: async (key) => {
      const surfaceEvent = await recordedSurfaceEvent(inbound, key);
      if (surfaceEvent) return processSurfaceEvent(key, surfaceEvent, inbound, surfaceDeps);
      const { teamId, botUserId } = await identity.resolve();
      return processSlackEvent(key, {
        client,
        inbound,
        drafts: services.drafts,
        reviews,
        reply,
        engine: (audience) => services.engineFor(audience, 'slack'),
        botUserId,
        teamId,
        askers,
        outsiders: config.outsiders,
        staffChannel: config.staffChannel,
        stage: (await channels.get('slack'))?.stage ?? config.stage,
        // One SAMPLE_RATE for every channel (it lives with the web chat settings).
        sampleRate: servicesFor(env).config.web.sampleRate,
        newId: () => crypto.randomUUID(),
        now: () => new Date(),
        log,
        surface: (event, raw) => assistantSurfaceFor({ client, threads, botUserId, log }, event, raw),
      });
    },
  };
}
