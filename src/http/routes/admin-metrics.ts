import { Hono } from 'hono';
import { z } from 'zod';
import { D1Metrics } from '../../adapters/d1/d1-metrics';
import type { RolloutStage } from '../../domain/answer/types';
import {
  assessReadiness,
  channelMetrics,
  MAX_WINDOW_DAYS,
  MetricsConfigError,
  type ModelPrices,
  parseModelPrices,
  parseReadinessConfig,
  type ReadinessConfig,
  windowForDays,
} from '../../domain/metrics';
import { isStage } from '../../domain/rollout/stages';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { ApiError } from '../errors';
import { parseQuery } from '../read-json';

const channelParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a channel id such as web or slack');
const metricsQuery = z.object({
  channel: channelParam,
  days: z.coerce.number().int().min(1).max(MAX_WINDOW_DAYS).default(30),
});
const readinessQuery = z.object({
  channel: channelParam,
  /** Defaults to the stage above the channel's current one. */
  target: z.enum(['supervised', 'autonomous']).optional(),
});

/**
 * Readiness figures per channel: `GET /metrics?channel=web&days=30` (the
 * window's figures and the readiness report) and `GET /readiness?channel=web`
 * (the report alone). Mounted at /admin/api. The admin check is attached
 * per route, not with `use`, so it cannot spill onto other routes mounted
 * under the same prefix.
 */
export const adminMetricsRoutes = new Hono<AppEnv>();

adminMetricsRoutes.get('/metrics', requireAdminToken, async (c) => {
  const { channel, days } = parseQuery(c, metricsQuery, 'channel');
  const { readiness, prices } = settings(c.env);
  const store = new D1Metrics(c.env.DB);
  const stage = await stageOf(store, channel, c.env);
  const window = windowForDays(days, new Date());
  const [facts, recent] = await Promise.all([store.windowFacts(channel, window), store.readinessFacts(channel, readiness.sampleSize)]);
  return c.json({
    channel,
    stage,
    window,
    metrics: channelMetrics(facts, window, prices),
    readiness: assessReadiness({ channel, stage, facts: recent, config: readiness }),
  });
});

adminMetricsRoutes.get('/readiness', requireAdminToken, async (c) => {
  const { channel, target } = parseQuery(c, readinessQuery, 'channel');
  const { readiness } = settings(c.env);
  const store = new D1Metrics(c.env.DB);
  const stage = await stageOf(store, channel, c.env);
  const recent = await store.readinessFacts(channel, readiness.sampleSize);
  return c.json({ readiness: assessReadiness({ channel, stage, ...(target ? { target } : {}), facts: recent, config: readiness }) });
});

async function stageOf(store: D1Metrics, channel: string, env: Env): Promise<RolloutStage> {
  if (channel === 'preview') throw new ApiError(400, 'invalid_request', 'Preview drafts are not a channel: they are left out of every figure.', 'channel');
  const slackStage = isStage(env.SLACK_STAGE) ? env.SLACK_STAGE : 'internal';
  const stage = await store.channelStage(channel, slackStage);
  if (!stage) throw new ApiError(404, 'unknown_channel', 'No such channel.', 'channel');
  return stage;
}

function settings(env: Env): { readiness: ReadinessConfig; prices: ModelPrices } {
  try {
    return { readiness: parseReadinessConfig(env.READINESS_BARS), prices: parseModelPrices(env.MODEL_PRICES) };
  } catch (error) {
    // A deployment mistake, not the caller's: say exactly what to fix (the message holds no request data).
    if (error instanceof MetricsConfigError) throw new ApiError(500, 'invalid_config', error.message);
    throw error;
  }
}
