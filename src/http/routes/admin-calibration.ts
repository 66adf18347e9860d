import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_TARGET, MIN_TARGET } from '../../domain/calibration/channel-calibration';
import { setTarget, TargetError } from '../../domain/calibration/set-target';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { calibrationView } from '../console/calibration-view';
import { ApiError } from '../errors';
import { readJsonBody } from '../read-json';
import { wiringFor } from '../../wiring/wiring';

const channelId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a channel id such as web or slack');
const targetSchema = z
  .object({
    /** A share, e.g. 0.95 for 95% of sent replies approved unedited. */
    target: z.number().min(MIN_TARGET).max(MAX_TARGET),
    /** Who decides (a name or email): the token proves admin rights, the audit log needs a person. */
    actor: z.string().trim().min(1).max(200),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();

/**
 * A channel's calibration: `GET /:channel` (model, threshold, fits,
 * reliability bins, expected figures) and `PUT /:channel/target`. Mounted
 * at /admin/api/calibration; admin bearer token.
 */
export const adminCalibrationRoutes = new Hono<AppEnv>();

adminCalibrationRoutes.get('/:channel', requireAdminToken, async (c) => {
  const channel = parseChannel(c.req.param('channel'));
  if (!(await wiringFor(c.env).calibrations.channels()).includes(channel)) throw new ApiError(404, 'unknown_channel', 'No such channel.', 'channel');
  return c.json(await calibrationView(c.env, channel));
});

adminCalibrationRoutes.put('/:channel/target', requireAdminToken, async (c) => {
  const channel = parseChannel(c.req.param('channel'));
  const body = await readJsonBody(c, targetSchema, 4 * 1024);
  try {
    const { from, to } = await setTarget(
      { store: wiringFor(c.env).calibrations, audit: wiringFor(c.env).audit, now: () => new Date() },
      { channel, target: body.target, actor: body.actor, reason: body.reason },
    );
    const view = await calibrationView(c.env, channel);
    return c.json({ from, target: to, calibration: view.calibration, expected: view.expected });
  } catch (error) {
    if (error instanceof TargetError) throw new ApiError(error.code === 'unknown_channel' ? 404 : 400, error.code, error.message, error.code === 'unknown_channel' ? 'channel' : 'target');
    throw error;
  }
});

function parseChannel(value: string): string {
  const parsed = channelId.safeParse(value);
  if (!parsed.success) throw new ApiError(400, 'invalid_request', 'The channel must be a channel id such as web or slack.', 'channel');
  return parsed.data;
}
