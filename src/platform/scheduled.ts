import { D1AuditLog } from '../adapters/d1/d1-audit-log';
import { D1ConsoleSessions } from '../adapters/d1/d1-console-sessions';
import { D1ChannelRepository } from '../adapters/d1/d1-channels';
import { D1Metrics } from '../adapters/d1/d1-metrics';
import { D1ReviewRepository } from '../adapters/d1/d1-review-repository';
import { SlackStaffAlerts } from '../adapters/slack/staff-alerts';
import { pruneRateLimits } from '../adapters/d1/d1-rate-limits';
import { RoutingReplyChannel, WebReplyChannel } from '../adapters/web/web-reply-channel';
import { calibrationStore, SHIPPED_PRIOR } from '../calibration-composition';
import { servicesFor } from '../composition';
import { configSections } from '../config';
import { refitChannels } from '../domain/calibration/refit-channels';
import { runReviewDeadlines } from '../domain/review/deadlines';
import { runStepDownChecks } from '../domain/rollout/step-down';
import { type SlackServices, slackServicesOrNull } from '../slack-composition';
import { log } from '../log';
import { pruneInbound } from '../adapters/d1/d1-retention';
import { syncKnowledgeSources } from './source-sync';

/** The cron expressions in wrangler.toml's [triggers], which the handler tells apart by their exact text. */
export const CRONS = {
  /** Retention: old Slack events, deliveries, rate-limit windows and expired console sessions; each channel's calibration refit. */
  nightly: '17 3 * * *',
  /** Review reminders and expiry, the automatic step-down, and a batch of scheduled knowledge sources. */
  safetyNets: '*/5 * * * *',
} as const;

/**
 * The Worker's `scheduled` handler. Each job runs to the end even when
 * another fails; a failure then fails the run, so it shows in the Cron
 * Events log. Every job is safe to run twice.
 */
export async function runScheduled(controller: Pick<ScheduledController, 'cron' | 'scheduledTime'>, env: Env): Promise<void> {
  const now = new Date(controller.scheduledTime);
  switch (controller.cron) {
    case CRONS.nightly:
      return settle('nightly', [pruneInbound(env.DB, configSections(env).retention.inboundDays(), now), pruneRateLimits(env.DB, now.getTime()), new D1ConsoleSessions(env.DB).prune(now), refitCalibrations(env, now)]);
    case CRONS.safetyNets:
      return safetyNets(env, now);
    default:
      // A trigger added to wrangler.toml without a job here: say so rather than guess.
      log('scheduled-unknown-cron', { cron: controller.cron });
  }
}

/** Each net runs even when the other fails, its settings included. */
async function safetyNets(env: Env, now: Date): Promise<void> {
  // Without Slack, reviews still expire (web chat askers get the holding
  // message); only the reminders and alerts have nowhere to go.
  const slack = slackServicesOrNull(env);
  await settle('safety-nets', [reviewDeadlines(env, now, slack), stepDowns(env, slack), syncKnowledgeSources(env, now)]);
}

async function reviewDeadlines(env: Env, now: Date, slack: SlackServices | null): Promise<void> {
  const config = configSections(env).safety.deadlines();
  const report = await runReviewDeadlines(
    {
      store: new D1ReviewRepository(env.DB),
      // The same routing an approval delivers through, so the `review:<id>` key means the same delivery.
      reply: new RoutingReplyChannel({ web: new WebReplyChannel(env.CONVERSATIONS), ...(slack ? { slack: slack.reply } : {}) }),
      notifier: slack ? staffAlerts(env, slack, config.expireAfterMinutes) : null,
      config,
      log,
    },
    now,
  );
  log('review-deadlines-ran', { ...report });
}

async function stepDowns(env: Env, slack: SlackServices | null): Promise<void> {
  const thresholds = configSections(env).safety.stepDown();
  const alerts = slack ? staffAlerts(env, slack, null) : null;
  const metrics = new D1Metrics(env.DB);
  await runStepDownChecks({
    // The Slack channel's row is created from SLACK_STAGE on first read, as everywhere else.
    channels: new D1ChannelRepository(env.DB, slack ? [{ id: 'slack', kind: 'slack', stage: slack.config.stage }] : []),
    audit: new D1AuditLog(env.DB),
    facts: (channelId, since) => metrics.stepDownFacts(channelId, since),
    thresholds,
    alert: alerts ? (stepDown) => alerts.steppedDown(stepDown) : null,
    now: () => new Date(),
    log,
  });
}

/** Refits each channel with new staff decisions (see refitChannels): nightly, so a busy channel gets one version a day, not one per decision. */
async function refitCalibrations(env: Env, now: Date): Promise<void> {
  await refitChannels({ store: calibrationStore(env.DB), audit: new D1AuditLog(env.DB), prior: SHIPPED_PRIOR.model, now: () => now, log });
}

function staffAlerts(env: Env, slack: SlackServices, expireAfterMinutes: number | null): SlackStaffAlerts {
  return new SlackStaffAlerts({
    client: slack.client,
    reply: slack.reply,
    drafts: servicesFor(env).services.drafts,
    staffChannel: slack.config.staffChannel,
    group: configSections(env).safety.remindGroup(),
    expireAfterMinutes,
  });
}

/** Waits for every job; then fails with the first error, if any, after logging each. */
async function settle(run: string, jobs: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(jobs);
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  for (const failure of failures) log('scheduled-job-failed', { run, error: (failure.reason as Error)?.name });
  if (failures.length > 0) throw failures[0]!.reason;
}
