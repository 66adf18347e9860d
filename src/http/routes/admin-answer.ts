import { Hono } from 'hono';
import { z } from 'zod';
import { draftReply } from '../../application/draft-reply';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { readJsonBody } from '../read-json';

const answerSchema = z
  .object({
    question: z.string().trim().min(1).max(4000),
    audience: z.enum(['employee', 'customer']),
    /** The channel's rollout stage; by default the safest for the audience. */
    stage: z.enum(['internal', 'supervised', 'autonomous']).optional(),
    history: z
      .array(z.object({ role: z.enum(['user', 'assistant']), text: z.string().max(4000) }).strict())
      .max(50)
      .default([]),
  })
  .strict();

/**
 * Drafts a reply without delivering it: staff preview what the bot would
 * say, and the evaluation command measures the engine through the real
 * Worker. The draft is stored with its provenance, like every draft.
 */
export const adminAnswerRoutes = new Hono<AppEnv>();
adminAnswerRoutes.use(requireAdminToken);

adminAnswerRoutes.post('/', async (c) => {
  const body = await readJsonBody(c, answerSchema, 64 * 1024);
  // The drafting step every channel's answers take, without delivering: no channel, so the configured defaults decide.
  const draft = await draftReply(
    { text: body.question, audience: body.audience, history: body.history, stage: body.stage ?? (body.audience === 'employee' ? 'internal' : 'supervised'), channel: null },
    c.get('wiring').answering,
  );
  return c.json({ draft });
});
