import { Hono } from 'hono';
import { z } from 'zod';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { retireVerifiedAnswer } from '../console/verified-answer-actions';
import { ApiError } from '../errors';
import { parseQuery, readJsonBody } from '../read-json';

const listQuery = z.object({
  status: z.enum(['active', 'unconfirmed', 'retired']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const retireSchema = z
  .object({
    /** Who retires it: the token proves the right, the audit log needs a person. */
    actor: z.string().trim().min(1).max(200),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();

/**
 * Verified answers on the bearer-token admin API, as the console lists them.
 * DELETE retires one (it is kept, marked retired, and audited): it is never
 * reused again, and the record of what was reused stays.
 */
export const adminVerifiedAnswerRoutes = new Hono<AppEnv>();
adminVerifiedAnswerRoutes.use(requireAdminToken);

adminVerifiedAnswerRoutes.get('/', async (c) => {
  const query = parseQuery(c, listQuery, 'status');
  return c.json({ verifiedAnswers: await c.get('wiring').verified.list({ status: query.status, limit: query.limit }) });
});

adminVerifiedAnswerRoutes.delete('/:id', async (c) => {
  const body = await readJsonBody(c, retireSchema, 8 * 1024);
  const id = c.req.param('id');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ApiError(404, 'not_found', 'No such verified answer.', 'id');
  const result = await retireVerifiedAnswer({ audit: c.get('wiring').audit, store: c.get('wiring').verified }, { id, actor: body.actor, reason: body.reason ?? null });
  if (!result.ok) throw new ApiError(404, 'not_found', result.message, 'id');
  return c.json({ id, status: 'retired', retiredNow: result.changed });
});
