import { WebClient } from '@slack/web-api';
import { AskerDirectory, isWorkspaceMember } from '../adapters/slack/asker-audience';
import { AppHomePublisher } from '../adapters/slack/app-home/app-home-publisher';
import { processSurfaceEvent, recordedSurfaceEvent } from '../adapters/slack/assistant/process-surface-event';
import { assistantSurfaceFor } from '../adapters/slack/assistant/question-surface';
import { chooseSuggestedPrompts, MAX_PROMPTS, MIN_TIMES_ASKED, parseConfiguredPrompts } from '../adapters/slack/assistant/suggested-prompts';
import type { SlackInboundStore } from '../adapters/d1/d1-inbound-store';
import { notifyStaffOfFailure } from '../adapters/slack/notify-staff-of-failure';
import { createSlackApp, SLACK_RETRIES, slackFetch } from '../adapters/slack/slack-app';
import type { SlackConfig } from '../adapters/slack/slack-config';
import { SlackQuestionSource } from '../adapters/slack/slack-question-source';
import { SlackReplyChannel } from '../adapters/slack/slack-reply-channel';
import { SlackReviewNotifier } from '../adapters/slack/slack-review-notifier';
import { foreignEnvelope, type SlackIdentity, SlackIdentityResolver } from '../adapters/slack/slack-identity';
import { statusCounts } from '../adapters/d1/d1-slack-status';
import { slackStatus } from '../adapters/slack/slack-status';
import { StaffDirectory } from '../adapters/slack/staff-directory';
import type { WorkerReceiver } from '../adapters/slack/worker-receiver';
import { answerQuestion } from '../application/answer-question';
import { readinessOf } from '../http/console/metrics';
import { log } from '../log';
import type { Wiring } from './wiring';
import { recordedEnvelope } from '../adapters/slack/payloads/event-callback';

export interface SlackWiring {
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

/** Slack wiring over the one wiring's repositories (built once per Env by Wiring.slack). */
export function buildSlackWiring(env: Env, config: SlackConfig, wiring: Wiring): SlackWiring {
  const { slackInbound: inbound, channels, reviews } = wiring;
  const client = new WebClient(config.botToken, { slackApiUrl: config.apiUrl, fetch: slackFetch, retryConfig: SLACK_RETRIES });
  // Posts are retried by the reply channel, which first looks for a post whose answer was lost.
  const postClient = new WebClient(config.botToken, { slackApiUrl: config.apiUrl, fetch: slackFetch, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const answers = wiring.slackAnswers;
  // The bot's user id tells its own mentions and messages apart; the team and app ids refuse other workspaces' events.
  const identity = new SlackIdentityResolver(client, config, log);
  const askers = new AskerDirectory(client, wiring.slackUsers, log);
  const admits = (envelope: Record<string, unknown>, known: SlackIdentity) => {
    const foreign = foreignEnvelope(envelope, known);
    if (foreign) log('slack-foreign-event-refused', { mismatch: foreign, teamId: String(envelope.team_id).slice(0, 40), appId: String(envelope.api_app_id).slice(0, 40) });
    return foreign === null;
  };
  const threads = wiring.assistantThreads;
  // Answers in the assistant pane (an assistant thread or an agent-view DM) render natively.
  const inAssistantPane = async (destination: { channel: string; threadTs: string }) =>
    destination.channel.startsWith('D') && (await threads.forMessage(destination.channel, destination.threadTs)) !== null;
  const reply = new SlackReplyChannel(postClient, wiring.deliveries, answers, undefined, inAssistantPane);
  const resolveBotUserId = async () => (await identity.resolve().catch(() => null))?.botUserId ?? config.botUserId ?? null;
  const staff = new StaffDirectory(client, config.staffChannel, config.staffUsers, Date.now, config.staffGroup);
  const facts = wiring.appHomeFacts;
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
    drafts: wiring.drafts,
    service: () => wiring.reviewService(),
    recordFeedback: (draftId, userId, helpful) => wiring.feedback.record(draftId, userId, helpful),
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
      const why = code === 'retries_exhausted' ? 'I gave up after several attempts' : 'This cannot succeed by trying again';
      await notifyStaffOfFailure(client, config.staffChannel, event, code, `${why}; please answer it directly.`);
    },
    processEvent: async (key) => {
      const surfaceEvent = await recordedSurfaceEvent(inbound, key);
      if (surfaceEvent) return processSurfaceEvent(key, surfaceEvent, inbound, surfaceDeps);
      const { teamId, botUserId } = await identity.resolve();
      const source = new SlackQuestionSource(key, {
        client,
        inbound,
        botUserId,
        teamId,
        askers,
        outsiders: config.outsiders,
        staffChannel: config.staffChannel,
        stage: async () => (await channels.get('slack'))?.stage ?? config.stage,
        log,
        surface: (event, raw) => assistantSurfaceFor({ client, threads, botUserId, log }, event, raw),
      });
      // The card links to the question; a Slack error posting it fails (and retries) the answer.
      const notifier = new SlackReviewNotifier({ client, reply, reviews, staffChannel: config.staffChannel }, () => source.questionMessage());
      return answerQuestion({ source, reply, staff: notifier }, wiring.answering);
    },
  };
}
