import { configSections } from '../../config';
import type { RolloutStage } from '../../domain/answer/types';
import {
  assessReadiness,
  type ChannelMetrics,
  channelMetrics,
  type MetricsWindow,
  type ModelPrices,
  type ReadinessConfig,
  type ReadinessReport,
  type TargetStage,
  windowForDays,
} from '../../domain/metrics';
import type { ReadinessSnapshot } from '../../domain/rollout/change-stage';
import { nextStage } from '../../domain/rollout/stages';
import type { Channel } from '../../domain/rollout/types';
import { type ExpectedFigures, expectedFigures } from './calibration-view';
import { wiringFor } from '../../wiring/wiring';

/** The readiness bars and model prices configured (the config's rollout section); throws MetricsConfigError naming a bad setting. */
function settings(env: Env): { readiness: ReadinessConfig; prices: ModelPrices } {
  const { rollout } = configSections(env);
  return { readiness: rollout.readiness(), prices: rollout.prices() };
}

/** The fields of a channel the figures need. */
type MeasuredChannel = Pick<Channel, 'id' | 'stage'>;

/** A readiness report with what the gate expects at the channel's send threshold (share sent unreviewed, approval of sent replies). */
export type ReadinessWithExpected = ReadinessReport & { expected: ExpectedFigures };

/** The channel's readiness for `target` (default: the stage above its own), as /admin/api/readiness reports it. */
export async function readinessOf(env: Env, channel: MeasuredChannel, target?: TargetStage): Promise<ReadinessWithExpected> {
  const { readiness } = settings(env);
  // The step to supervised weighs staff previews (an internal channel has no other questions); no other step does.
  const previews = (target ?? nextStage(channel.stage)) === 'supervised';
  const [facts, expected] = await Promise.all([wiringFor(env).metrics.readinessFacts(channel.id, readiness.sampleSize, { previews }), expectedFigures(env, channel.id)]);
  return { ...assessReadiness({ channel: channel.id, stage: channel.stage, ...(target ? { target } : {}), facts, config: readiness }), expected };
}

/**
 * The `readiness` dependency of changeStage: the report for the stage being
 * moved to, kept whole in the audit log (bars, sample and figures).
 */
export function readinessCheck(env: Env): (channel: Channel, to: RolloutStage) => Promise<ReadinessSnapshot> {
  return async (channel, to) => {
    const report = await readinessOf(env, channel, to === 'internal' ? undefined : to);
    return { ready: report.ready, unmet: report.unmet, figures: { target: report.target, summary: report.summary, bars: report.bars, sample: report.sample, ...report.figures, expected: report.expected } };
  };
}

/** A channel's figures over the last `days` days. */
export async function metricsOf(env: Env, channel: MeasuredChannel, days: number): Promise<{ window: MetricsWindow; metrics: ChannelMetrics }> {
  const { prices } = settings(env);
  const window = windowForDays(days, new Date());
  const facts = await wiringFor(env).metrics.windowFacts(channel.id, window);
  return { window, metrics: channelMetrics(facts, window, prices) };
}
