import { assessStepDown, type StepDownInput, type StepDownThresholds, type StepDownVerdict } from '../metrics';
import { changeStage, StageChangeError } from './change-stage';
import type { Actor, AuditLog, Channel, ChannelRepository } from './types';

/** Who the audit log names for an automatic step-down. */
export const SAFETY_NET: Actor = { id: 'safety-net', role: 'admin' };

export interface StepDown {
  channel: Channel;
  verdict: StepDownVerdict;
  /** Where the figures start: the later of the window's start and the moment the channel became autonomous. */
  since: string;
  at: string;
}

export interface StepDownDependencies {
  channels: ChannelRepository;
  audit: AuditLog;
  /** The channel's sampled replies and the votes on its drafts since `since`. */
  facts(channelId: string, since: string): Promise<Pick<StepDownInput, 'samples' | 'feedback'>>;
  thresholds: StepDownThresholds;
  /** Tells staff a channel stepped down; null when there is nobody to tell (no Slack). Best effort. */
  alert: ((stepDown: StepDown) => Promise<void>) | null;
  now(): Date;
  log(event: string, fields: Record<string, unknown>): void;
}

/**
 * The automatic half of the rollout: every autonomous channel whose sampled
 * replies are rejected too often, or whose replies are voted not helpful too
 * often, goes back to supervised. The change goes through `changeStage` like
 * any other, so it is atomic and audited ('stage-stepped-down', with the
 * figures); staff are then alerted.
 */
export async function runStepDownChecks(deps: StepDownDependencies): Promise<StepDown[]> {
  const steppedDown: StepDown[] = [];
  let failures = 0;
  for (const channel of await deps.channels.list()) {
    if (channel.stage !== 'autonomous') continue;
    // One channel's failure must not leave the others unchecked.
    try {
      const stepDown = await checkChannel(deps, channel);
      if (stepDown) steppedDown.push(stepDown);
    } catch (error) {
      failures++;
      deps.log('step-down-check-failed', { channel: channel.id, error: (error as Error).name });
    }
  }
  if (failures > 0) throw new Error(`The step-down check failed for ${failures} channel(s); see the step-down-check-failed log events.`);
  return steppedDown;
}

async function checkChannel(deps: StepDownDependencies, channel: Channel): Promise<StepDown | null> {
  const windowStart = deps.now().getTime() - deps.thresholds.windowDays * 86_400_000;
  // Figures from before the channel (last) became autonomous belong to an
  // earlier stage, and would step it down again right after a sign-off.
  const since = new Date(Math.max(windowStart, Date.parse(channel.updatedAt) || 0)).toISOString();
  const facts = await deps.facts(channel.id, since);
  const verdict = assessStepDown({ ...facts, thresholds: deps.thresholds });
  if (!verdict.stepDown) return null;
  let moved: Channel;
  try {
    ({ channel: moved } = await changeStage(
      {
        channels: deps.channels,
        audit: deps.audit,
        // Recorded as the figures of the moment; a step-down is never refused for them.
        readiness: async () => ({ ready: false, unmet: [verdict.reason], figures: figuresOf(verdict, since, deps.thresholds) }),
        now: deps.now,
      },
      { channelId: channel.id, to: 'supervised', actor: SAFETY_NET, reason: verdict.reason, kind: 'step-down' },
    ));
  } catch (error) {
    // An admin changed the stage meanwhile: their decision stands.
    if (error instanceof StageChangeError && (error.code === 'conflict' || error.code === 'unchanged')) return null;
    throw error;
  }
  const stepDown: StepDown = { channel: moved, verdict, since, at: moved.updatedAt };
  deps.log('stage-stepped-down', { channel: channel.id, sampledRejection: verdict.sampledRejection, notHelpful: verdict.notHelpful });
  await deps.alert?.(stepDown).catch((error: unknown) => deps.log('step-down-alert-failed', { channel: channel.id, error: (error as Error).name }));
  return stepDown;
}

function figuresOf(verdict: StepDownVerdict, since: string, thresholds: StepDownThresholds): Record<string, unknown> {
  return { sampledRejection: verdict.sampledRejection, notHelpful: verdict.notHelpful, since, thresholds };
}
