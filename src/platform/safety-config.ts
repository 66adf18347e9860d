import { ConfigError } from '../config';
import { parseReadinessConfig, type StepDownThresholds } from '../domain/metrics';
import type { DeadlineConfig } from '../domain/review/deadlines';

/*
 * The safety nets' settings (the five-minute cron), read per job: a typo in
 * one net's settings fails that net loudly and leaves the other running.
 * `Partial<Env>`: a deployment may predate a setting, and tests leave most out.
 */

/** Thirty days: a longer deadline is a typo (hours or seconds meant as minutes), not a policy. */
const MAX_MINUTES = 43_200;
const USER_GROUP = /^S[A-Z0-9]{2,}$/;

/** REVIEW_REMIND_AFTER and REVIEW_EXPIRE_AFTER, in minutes; 0 switches one off. */
export function readDeadlineConfig(env: Partial<Env>): DeadlineConfig {
  const remindAfterMinutes = minutes('REVIEW_REMIND_AFTER', env.REVIEW_REMIND_AFTER, 30);
  const expireAfterMinutes = minutes('REVIEW_EXPIRE_AFTER', env.REVIEW_EXPIRE_AFTER, 1440);
  if (remindAfterMinutes !== null && expireAfterMinutes !== null && remindAfterMinutes >= expireAfterMinutes) {
    throw new ConfigError('REVIEW_REMIND_AFTER must be shorter than REVIEW_EXPIRE_AFTER: staff are reminded before a review expires');
  }
  return { remindAfterMinutes, expireAfterMinutes };
}

/** The Slack user group (id S...) reminders and alerts mention: REVIEW_REMIND_GROUP, else SLACK_STAFF_USERGROUP, else none. */
export function readRemindGroup(env: Partial<Env>): string | null {
  const group = env.REVIEW_REMIND_GROUP?.trim() || env.SLACK_STAFF_USERGROUP?.trim() || null;
  if (group && !USER_GROUP.test(group)) throw new ConfigError('REVIEW_REMIND_GROUP must be a Slack user group id such as S0123ABCD');
  return group;
}

/** The step-down thresholds: READINESS_BARS' `stepDown` part, the one place the rollout's bars are set. */
export function readStepDownThresholds(env: Partial<Env>): StepDownThresholds {
  return parseReadinessConfig(env.READINESS_BARS).stepDown;
}

/** Whole minutes; 0 switches the deadline off (null); empty: the default. */
function minutes(name: string, value: string | undefined, fallback: number): number | null {
  if (!value?.trim()) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > MAX_MINUTES) throw new ConfigError(`${name} must be whole minutes from 0 (off) to ${MAX_MINUTES}`);
  return number === 0 ? null : number;
}
