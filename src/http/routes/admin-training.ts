import { Hono } from 'hono';
import { z } from 'zod';
import type { TrainingExampleRow } from '../../application/console-read-models';
import type { Passage } from '../../domain/answer/types';
import type { DocumentStore } from '../../domain/knowledge/ports';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { parseQuery } from '../read-json';

const querySchema = z.object({
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'must be a date such as 2026-11-01')
    .optional(),
  audience: z.enum(['employee', 'customer']).optional(),
  /** Where the question came from: slack, or web chat. */
  channel: z.enum(['slack', 'web']).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(5000),
});

/**
 * Staff-reviewed replies with the context the engine used, for
 * `npm run finetune -- export`. The system prompts are today's configured
 * ones: the same the engine would use for a new draft.
 */
export const adminTrainingRoutes = new Hono<AppEnv>();
adminTrainingRoutes.use(requireAdminToken);

adminTrainingRoutes.get('/', async (c) => {
  const { since, audience, channel, limit } = parseQuery(c, querySchema, 'query');
  const results = await c.get('wiring').reads.training.list({ since, audience, channel, limit });
  const { engine } = c.get('config');
  const shown = await shownPassages(c.get('wiring').search.store, results);
  return c.json({
    systemPrompts: engine.systemPrompts,
    items: results.map((row, index) => ({
      id: row.reviewId,
      audience: row.audience,
      question: row.question,
      passages: shown[index]!,
      citations: row.citations.map((passage) => passage.label),
      draftAnswer: row.draftAnswer,
      finalAnswer: row.finalAnswer,
      source: row.source,
      createdAt: row.createdAt,
    })),
  });
});

/**
 * Every passage the model was shown for each draft, labelled as in its
 * prompt (P1 = best), so training context matches inference. A chunk that
 * no longer exists (its document changed) is replaced by the copy kept with
 * the draft's citations, or left out when it was not cited.
 */
async function shownPassages(store: DocumentStore, rows: TrainingExampleRow[]): Promise<Passage[][]> {
  const retrieved = rows.map((row) => row.retrieved);
  const chunks = await store.getChunks([...new Set(retrieved.flat().map((passage) => passage.chunkId))]);
  return rows.map((row, index) => {
    const cited = new Map(row.citations.map((passage) => [passage.chunkId, passage]));
    return retrieved[index]!.flatMap((passage, rank): Passage[] => {
      const label = `P${rank + 1}`;
      const chunk = chunks.get(passage.chunkId);
      if (chunk) {
        const { url, ...rest } = chunk;
        return [{ label, chunkId: rest.id, documentId: rest.documentId, title: rest.title, headingPath: rest.headingPath, text: rest.text, url, score: passage.score, ranks: passage.ranks }];
      }
      const copy = cited.get(passage.chunkId);
      return copy ? [{ ...copy, label }] : [];
    });
  });
}
