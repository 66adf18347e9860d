import { Hono } from 'hono';
import { z } from 'zod';
import type { D1Metrics } from '../../adapters/d1/d1-metrics';
import type { RolloutStage } from '../../domain/answer/types';
import { MAX_WINDOW_DAYS, MetricsConfigError } from '../../domain/metrics';
import { configSections } from '../../config';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { metricsOf, readinessOf } from '../console/metrics';
import { ApiError } from '../errors';
import { parseQuery } from '../read-json';
import { wiringFor } from '../../wiring/wiring';

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
  const measured = { id: channel, stage: await stageOf(wiringFor(c.env).metrics, channel, c.env) };
  const [{ window, metrics }, readiness] = await configured(() => Promise.all([metricsOf(c.env, measured, days), readinessOf(c.env, measured)]));
  return c.json({ channel, stage: measured.stage, window, metrics, readiness });
});

adminMetricsRoutes.get('/readiness', requireAdminToken, async (c) => {
  const { channel, target } = parseQuery(c, readinessQuery, 'channel');
  const measured = { id: channel, stage: await stageOf(wiringFor(c.env).metrics, channel, c.env) };
  return c.json({ readiness: await configured(() => readinessOf(c.env, measured, target)) });
});

async function stageOf(store: D1Metrics, channel: string, env: Env): Promise<RolloutStage> {
  if (channel === 'preview') throw new ApiError(400, 'invalid_request', 'Preview drafts are not a channel: they are left out of every figure.', 'channel');
  const slackStage = configuredSlackStage(env);
  const stage = await store.channelStage(channel, slackStage);
  if (!stage) throw new ApiError(404, 'unknown_channel', 'No such channel.', 'channel');
  return stage;
}

/** Figures computed with the configured bars and prices; a bad setting is the deployment's mistake, said exactly (500). */
async function configured<T>(compute: () => Promise<T>): Promise<T> {
  try {
    return await compute();
  } catch (error) {
    if (error instanceof MetricsConfigError) throw new ApiError(500, 'invalid_config', error.message);
    throw error;
  }
}

/** SLACK_STAGE as the config reads it; a bad one (Slack then refuses to start) counts as internal here, as before. */
function configuredSlackStage(env: Env): RolloutStage {
  try {
    return configSections(env).rollout.slackStage();
  } catch {
    return 'internal';
  }
}
