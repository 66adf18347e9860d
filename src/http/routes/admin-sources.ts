import { Hono } from 'hono';
import { z } from 'zod';
import type { D1SourceStore } from '../../adapters/d1/d1-source-store';
import { canonicalUrl } from '../../domain/knowledge/crawl/canonical-url';
import { formatEvery, parseEvery } from '../../domain/knowledge/sources/source-schedule';
import type { KnowledgeSource } from '../../domain/knowledge/sources/types';
import { DOCUMENT_AUDIENCES, type DocumentAudience } from '../../domain/knowledge/types';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { audit } from '../console/audit';
import { ApiError } from '../errors';
import { readJsonBody } from '../read-json';
import { wiringFor } from '../../wiring/wiring';

/** A scheduled source to add: the API's JSON body, and what the console's form is turned into. */
export const sourceSchema = z
  .object({
    kind: z.literal('sitemap'),
    url: z
      .string()
      .trim()
      .max(2048)
      .transform((value, context) => {
        const url = canonicalUrl(value);
        if (!url || !/^https?:\/\//i.test(value.trim())) context.addIssue({ code: 'custom', message: 'must be an http(s) URL of a sitemap or sitemap index' });
        return url ?? '';
      }),
    audience: z.enum(DOCUMENT_AUDIENCES as [string, ...string[]]).transform((value) => value as DocumentAudience),
    idPrefix: z.string().trim().max(200).default(''),
    every: z
      .string()
      .max(16)
      .transform((value, context) => {
        const hours = parseEvery(value);
        if (hours === null) context.addIssue({ code: 'custom', message: 'must be hours or days, such as "6h" or "1d" (1 hour to 30 days)' });
        return hours ?? 0;
      }),
  })
  .strict();

export const adminSourceRoutes = new Hono<AppEnv>();
adminSourceRoutes.use(requireAdminToken);

adminSourceRoutes.get('/', async (c) => c.json({ sources: await describeSources(wiringFor(c.env).sources) }));

adminSourceRoutes.post('/', async (c) => {
  const body = await readJsonBody(c, sourceSchema, 8 * 1024);
  const source = await addSource(c.env, body, 'admin API');
  return c.json({ source: publicView(source) }, 201);
});

adminSourceRoutes.delete('/:id', async (c) => {
  await removeSource(c.env, c.req.param('id'), 'admin API');
  return c.json({ deleted: true });
});

/** Adds a source (API and console); a second source on the same site with the same id prefix is a conflict (they would prune each other's pages). */
export async function addSource(env: Env, body: z.infer<typeof sourceSchema>, actor: string): Promise<KnowledgeSource> {
  const source = await wiringFor(env).sources.create({ kind: body.kind, url: body.url, audience: body.audience, idPrefix: body.idPrefix, everyHours: body.every, createdBy: actor }, crypto.randomUUID(), new Date());
  if (!source) throw new ApiError(409, 'conflict', 'A source on that site with that id prefix exists already; give this one its own id prefix (two would remove each other\'s pages).', 'idPrefix');
  await audit(env, { actor, action: 'knowledge-source-added', subject: source.id, details: { url: source.url, audience: source.audience, idPrefix: source.idPrefix, everyHours: source.everyHours } });
  return source;
}

/** Removes a source; the pages it indexed stay until removed like any document. */
export async function removeSource(env: Env, id: string, actor: string): Promise<void> {
  if (!(await wiringFor(env).sources.delete(id))) throw new ApiError(404, 'not_found', 'No source with that id.', 'id');
  await audit(env, { actor, action: 'knowledge-source-removed', subject: id, details: {} });
}

/** Sources with their progress and last runs, without the crawl's (long) URL lists. */
export async function describeSources(store: D1SourceStore) {
  const sources = await store.list();
  return Promise.all(sources.map(async (source) => ({ ...publicView(source), runs: await store.recentRuns(source.id, 5) })));
}

function publicView(source: KnowledgeSource) {
  const { crawl, ...rest } = source;
  return { ...rest, every: formatEvery(source.everyHours), inProgress: crawl ? { pagesVisited: crawl.pages, queued: crawl.queue.length } : null };
}

export type SourceView = Awaited<ReturnType<typeof describeSources>>[number];
