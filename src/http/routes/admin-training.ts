import { Hono } from 'hono';
import { z } from 'zod';
import type { Passage } from '../../domain/answer/types';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { ApiError } from '../errors';

const querySchema = z.object({
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'must be a date such as 2026-11-01')
    .optional(),
  audience: z.enum(['employee', 'customer']).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(5000),
});

interface Row {
  review_id: string;
  source: 'approved' | 'edited' | 'rejected_with_reply';
  question: string;
  draft_answer: string;
  final_answer: string;
  created_at: string;
  audience: 'employee' | 'customer';
  citations: string;
}

/**
 * Staff-reviewed replies with the context the engine used, for
 * `npm run finetune -- export`. The system prompts are today's configured
 * ones: the same the engine would use for a new draft.
 */
export const adminTrainingRoutes = new Hono<AppEnv>();
adminTrainingRoutes.use(requireAdminToken);

adminTrainingRoutes.get('/', async (c) => {
  const parsed = querySchema.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'query';
    throw new ApiError(400, 'invalid_request', `Invalid query parameter "${field}": ${issue?.message ?? 'invalid value'}.`, field);
  }
  const { since, audience, limit } = parsed.data;
  const { results } = await c.env.DB.prepare(
    `SELECT t.review_id, t.source, t.question, t.draft_answer, t.final_answer, t.created_at, d.audience, d.citations
     FROM training_examples t JOIN drafts d ON d.id = t.draft_id
     WHERE (?1 IS NULL OR t.created_at >= ?1) AND (?2 IS NULL OR d.audience = ?2)
     ORDER BY t.created_at LIMIT ?3`,
  )
    .bind(since ?? null, audience ?? null, limit)
    .all<Row>();
  const { engine } = c.get('config');
  return c.json({
    systemPrompts: engine.systemPrompts,
    items: results.map((row) => ({
      id: row.review_id,
      audience: row.audience,
      question: row.question,
      passages: JSON.parse(row.citations) as Passage[],
      draftAnswer: row.draft_answer,
      finalAnswer: row.final_answer,
      source: row.source,
      createdAt: row.created_at,
    })),
  });
});
