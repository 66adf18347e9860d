import { Hono } from 'hono';
import { z } from 'zod';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { ApiError } from '../errors';
import { readJsonBody } from '../read-json';

/** Actions the audit log accepts; each is a decision a person made. */
const ACTIONS = ['model-promoted'] as const;

const entrySchema = z
  .object({
    action: z.enum(ACTIONS),
    actor: z.string().trim().min(1).max(200),
    subject: z.string().trim().min(1).max(300),
    comment: z.string().trim().max(2000).optional(),
    details: z.record(z.unknown()).refine((value) => JSON.stringify(value).length <= 50_000, 'must be under 50 KB as JSON'),
  })
  .strict();

/** An append-only record of decisions: entries are added, never changed or deleted. */
export const adminAuditRoutes = new Hono<AppEnv>();
adminAuditRoutes.use(requireAdminToken);

adminAuditRoutes.post('/', async (c) => {
  const entry = await readJsonBody(c, entrySchema, 64 * 1024);
  const at = new Date().toISOString();
  const id = await c.get('wiring').reads.audit.appendReturningId({ at, actor: entry.actor, action: entry.action, subject: entry.subject, comment: entry.comment ?? null, details: entry.details });
  return c.json({ entry: { id, at, ...entry } }, 201);
});

adminAuditRoutes.get('/', async (c) => {
  const action = c.req.query('action');
  // Any logged action can be filtered on (stage changes, sign-ins, knowledge changes), not only those POST accepts.
  if (action !== undefined && !/^[a-z][a-z-]{0,63}$/.test(action)) throw new ApiError(400, 'invalid_request', 'An action is lowercase words joined by "-".', 'action');
  return c.json({ entries: await c.get('wiring').reads.audit.entries(action ?? null) });
});
