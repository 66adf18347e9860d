import { SlackStaffAlerts } from '../adapters/slack/staff-alerts';
import { pruneRateLimits } from '../adapters/d1/d1-rate-limits';
import { pruneInbound } from '../adapters/d1/d1-retention';
import { configSections } from '../config';
import { refitChannels } from '../domain/calibration/refit-channels';
import { runReviewDeadlines } from '../domain/review/deadlines';
import { runStepDownChecks } from '../domain/rollout/step-down';
import { log } from '../log';
import { SHIPPED_PRIOR } from '../wiring/current-calibration';
import type { SlackWiring } from '../wiring/slack-wiring';
import { wiringFor } from '../wiring/wiring';
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
      return settle('nightly', [(async () => pruneInbound(env.DB, configSections(env).retention.inboundDays(), now))(), pruneRateLimits(env.DB, now.getTime()), wiringFor(env).consoleSessions.prune(now), refitCalibrations(env, now)]);
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
  const slack = wiringFor(env).slackOrNull();
  await settle('safety-nets', [reviewDeadlines(env, now, slack), stepDowns(env, slack), syncKnowledgeSources(env, now)]);
}

async function reviewDeadlines(env: Env, now: Date, slack: SlackWiring | null): Promise<void> {
  const config = configSections(env).safety.deadlines();
  const report = await runReviewDeadlines(
    {
      store: wiringFor(env).reviews,
      // The same routing an approval delivers through, so the `review:<id>` key means the same delivery.
      reply: wiringFor(env).replies,
      notifier: slack ? staffAlerts(env, slack, config.expireAfterMinutes) : null,
      config,
      log,
    },
    now,
  );
  log('review-deadlines-ran', { ...report });
}

async function stepDowns(env: Env, slack: SlackWiring | null): Promise<void> {
  const thresholds = configSections(env).safety.stepDown();
  const alerts = slack ? staffAlerts(env, slack, null) : null;
  const { metrics, channels, audit } = wiringFor(env);
  await runStepDownChecks({
    // The Slack channel's row is created from SLACK_STAGE on first read, as everywhere else.
    channels,
    audit,
    facts: (channelId, since) => metrics.stepDownFacts(channelId, since),
    thresholds,
    alert: alerts ? (stepDown) => alerts.steppedDown(stepDown) : null,
    now: () => new Date(),
    log,
  });
}

/** Refits each channel with new staff decisions (see refitChannels): nightly, so a busy channel gets one version a day, not one per decision. */
async function refitCalibrations(env: Env, now: Date): Promise<void> {
  // Graded samples weigh 1 / SAMPLE_RATE (the rate now: it is not stored with each review).
  const wiring = wiringFor(env);
  await refitChannels({ store: wiring.calibrations, audit: wiring.audit, prior: SHIPPED_PRIOR.model, sampleRate: wiring.config.web.sampleRate, now: () => now, log });
}

function staffAlerts(env: Env, slack: SlackWiring, expireAfterMinutes: number | null): SlackStaffAlerts {
  return new SlackStaffAlerts({
    client: slack.client,
    reply: slack.reply,
    drafts: wiringFor(env).drafts,
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
