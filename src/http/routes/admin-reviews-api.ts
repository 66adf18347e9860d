import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_REPLY_LENGTH, ReviewError } from '../../domain/review/review-service';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { decidedButUndelivered, decideReview, replyDelivered, reuseSummary } from '../console/decide-review';
import { ApiError } from '../errors';
import { parseQuery, readJsonBody } from '../read-json';

const listQuery = z.object({
  status: z.enum(['pending', 'approved', 'edited', 'rejected', 'expired', 'decided']).default('pending'),
  channel: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a channel id such as web or slack').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

const decisionSchema = z
  .object({
    decision: z.enum(['approve', 'edit', 'reject']),
    /** Who decides (a name or email): the token proves the right, the record needs a person. */
    actor: z.string().trim().min(1).max(200),
    text: z.string().max(MAX_REPLY_LENGTH * 2).optional(),
    reason: z.string().max(2000).optional(),
    /** Keep the reply as a verified answer for similar questions (approve and edit; default false). */
    reuse: z.boolean().optional(),
    /** Edit: the indexes of the proposed actions to run (default none). Approve runs all; reject none. */
    actions: z.array(z.number().int().min(0).max(999)).max(100).optional(),
    /** Reject without text: a teammate will reply in the conversation, and the asker is told so (default false: told it could not be answered). */
    followUp: z.boolean().optional(),
  })
  .strict();

const ERROR_FIELD: Record<ReviewError['code'], string> = { not_found: 'id', invalid_text: 'text', invalid_actions: 'actions', invalid_reason: 'reason' };

/**
 * Reviews for automation and browser tests: the same queue and the same
 * decision (one review service, exactly-once delivery) as the console and
 * the Slack buttons. Mounted at /admin/api/reviews; admin bearer token.
 */
export const adminReviewsApi = new Hono<AppEnv>();

adminReviewsApi.get('/', requireAdminToken, async (c) => {
  const query = parseQuery(c, listQuery, 'status');
  const reviews = await c.get('wiring').reads.reviews.list({ status: query.status, channel: query.channel, limit: query.limit });
  return c.json({ reviews });
});

adminReviewsApi.post('/:id/decision', requireAdminToken, async (c) => {
  const body = await readJsonBody(c, decisionSchema, 32 * 1024);
  try {
    const result = await decideReview(
      { wiring: c.get('wiring'), slack: c.get('slack') },
      { reviewId: c.req.param('id'), ...body },
    );
    return c.json({ ...result, reuse: reuseSummary(result.reuse), delivered: replyDelivered(result) });
  } catch (error) {
    if (error instanceof ReviewError) throw new ApiError(error.code === 'not_found' ? 404 : 400, error.code, error.message, ERROR_FIELD[error.code]);
    if (await decidedButUndelivered(c.env, c.req.param('id'), error)) {
      throw new ApiError(502, 'delivery_failed', 'The decision is recorded, but the reply could not be delivered yet. POST again to retry: it is delivered at most once.');
    }
    throw error;
  }
});
