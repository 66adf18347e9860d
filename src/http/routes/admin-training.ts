import { Hono } from 'hono';
import { z } from 'zod';
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

interface Row {
  passages: string;
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
  const { since, audience, channel, limit } = parseQuery(c, querySchema, 'query');
  const { results } = await c.env.DB.prepare(
    `SELECT t.review_id, t.source, t.question, t.draft_answer, t.final_answer, t.created_at, d.audience, d.citations, d.passages
     FROM training_examples t JOIN drafts d ON d.id = t.draft_id LEFT JOIN reviews r ON r.id = t.review_id
     WHERE (?1 IS NULL OR t.created_at >= ?1) AND (?2 IS NULL OR d.audience = ?2)
       AND (?4 IS NULL OR json_extract(r.destination, '$.kind') = ?4)
     ORDER BY t.created_at LIMIT ?3`,
  )
    .bind(since ?? null, audience ?? null, limit, channel ?? null)
    .all<Row>();
  const { engine } = c.get('config');
  const shown = await shownPassages(c.get('wiring').search.store, results);
  return c.json({
    systemPrompts: engine.systemPrompts,
    items: results.map((row, index) => ({
      id: row.review_id,
      audience: row.audience,
      question: row.question,
      passages: shown[index]!,
      citations: (JSON.parse(row.citations) as Passage[]).map((passage) => passage.label),
      draftAnswer: row.draft_answer,
      finalAnswer: row.final_answer,
      source: row.source,
      createdAt: row.created_at,
    })),
  });
});

/**
 * Every passage the model was shown for each draft, labelled as in its
 * prompt (P1 = best), so training context matches inference. A chunk that
 * no longer exists (its document changed) is replaced by the copy kept with
 * the draft's citations, or left out when it was not cited.
 */
async function shownPassages(store: DocumentStore, rows: Row[]): Promise<Passage[][]> {
  const retrieved = rows.map((row) => JSON.parse(row.passages) as { chunkId: string; score: number; ranks: Passage['ranks'] }[]);
  const chunks = await store.getChunks([...new Set(retrieved.flat().map((passage) => passage.chunkId))]);
  return rows.map((row, index) => {
    const cited = new Map((JSON.parse(row.citations) as Passage[]).map((passage) => [passage.chunkId, passage]));
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
