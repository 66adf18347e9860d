import { Hono } from 'hono';
import { z } from 'zod';
import { searchKnowledge } from '../../domain/knowledge/search-knowledge';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { parseQuery } from '../read-json';

const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(1000),
  audience: z.enum(['internal', 'public']).default('internal'),
  k: z.coerce.number().int().min(1).max(50).default(10),
});

/** Ranked chunks with scores, heading paths and sources: for debugging retrieval. */
export const adminSearchRoutes = new Hono<AppEnv>();
adminSearchRoutes.use(requireAdminToken);

adminSearchRoutes.get('/', async (c) => {
  const query = parseQuery(c, searchQuerySchema, 'q');
  const started = performance.now();
  const result = await searchKnowledge(c.get('wiring').search, { text: query.q, audience: query.audience, k: query.k });
  return c.json({
    mode: result.mode,
    notes: result.notes,
    tookMs: Math.round((performance.now() - started) * 100) / 100,
    hits: result.hits.map((hit, index) => ({
      rank: index + 1,
      score: hit.score,
      ranks: hit.ranks,
      chunkId: hit.chunk.id,
      documentId: hit.chunk.documentId,
      audience: hit.chunk.audience,
      title: hit.chunk.title,
      headingPath: hit.chunk.headingPath,
      url: hit.url,
      text: hit.chunk.text,
    })),
  });
});
