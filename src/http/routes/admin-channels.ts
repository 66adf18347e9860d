import { Hono } from 'hono';
import { z } from 'zod';
import { changeStage, StageChangeError, STAGE_CHANGE_STATUS } from '../../domain/rollout/change-stage';
import { STAGES } from '../../domain/rollout/stages';
import { requireAdminToken } from '../admin-auth';
import { channelRepository } from '../console/channels';
import { readinessCheck } from '../console/metrics';
import type { AppEnv } from '../app-env';
import { ApiError } from '../errors';
import { readJsonBody } from '../read-json';
import { wiringFor } from '../../wiring/wiring';

const stageSchema = z
  .object({
    stage: z.enum(STAGES as [string, ...string[]]),
    /** Who decides (a name or email): the token proves admin rights, the audit log needs a person. */
    actor: z.string().trim().min(1).max(200),
    reason: z.string().trim().min(1).max(2000),
    override: z.boolean().optional(),
  })
  .strict();

/** Rollout channels and their stages. Holders of the admin token act as admins. */
export const adminChannelRoutes = new Hono<AppEnv>();
adminChannelRoutes.use(requireAdminToken);

adminChannelRoutes.get('/', async (c) => c.json({ channels: await channelRepository(c).list() }));

adminChannelRoutes.post('/:id/stage', async (c) => {
  const body = await readJsonBody(c, stageSchema, 8 * 1024);
  try {
    const { channel, from } = await changeStage(
      { channels: channelRepository(c), audit: wiringFor(c.env).audit, readiness: readinessCheck(c.env), now: () => new Date() },
      { channelId: c.req.param('id'), to: body.stage as (typeof STAGES)[number], actor: { id: body.actor, role: 'admin' }, reason: body.reason, override: body.override },
    );
    return c.json({ channel, from });
  } catch (error) {
    if (error instanceof StageChangeError) throw new ApiError(STAGE_CHANGE_STATUS[error.code], error.code, error.message);
    throw error;
  }
});
