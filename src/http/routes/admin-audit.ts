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

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  comment: string | null;
  details: string;
}

/** An append-only record of decisions: entries are added, never changed or deleted. */
export const adminAuditRoutes = new Hono<AppEnv>();
adminAuditRoutes.use(requireAdminToken);

adminAuditRoutes.post('/', async (c) => {
  const entry = await readJsonBody(c, entrySchema, 64 * 1024);
  const at = new Date().toISOString();
  const row = await c.env.DB.prepare('INSERT INTO audit_log (at, actor, action, subject, comment, details) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
    .bind(at, entry.actor, entry.action, entry.subject, entry.comment ?? null, JSON.stringify(entry.details))
    .first<{ id: number }>();
  return c.json({ entry: { id: row!.id, at, ...entry } }, 201);
});

adminAuditRoutes.get('/', async (c) => {
  const action = c.req.query('action');
  // Any logged action can be filtered on (stage changes, sign-ins, knowledge changes), not only those POST accepts.
  if (action !== undefined && !/^[a-z][a-z-]{0,63}$/.test(action)) throw new ApiError(400, 'invalid_request', 'An action is lowercase words joined by "-".', 'action');
  const { results } = await c.env.DB.prepare('SELECT * FROM audit_log WHERE (?1 IS NULL OR action = ?1) ORDER BY id DESC LIMIT 200')
    .bind(action ?? null)
    .all<AuditRow>();
  return c.json({ entries: results.map((row) => ({ ...row, details: JSON.parse(row.details) as unknown })) });
});
