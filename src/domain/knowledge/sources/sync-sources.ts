import { KnowledgeInputError } from '../errors';
import { DEFAULT_FETCH_LIMITS, type HttpFetch } from '../crawl/fetch-page';
import { type CrawlEvent, crawlStep, startCrawl } from '../crawl/site-crawl';
import { isSitemapUrl } from '../crawl/sitemap';
import type { KnowledgeBase } from '../knowledge-base';
import type { KnowledgeSource, SourceCrawl, SourceRun, SourceStore } from './types';

export interface SourceSyncDependencies {
  sources: SourceStore;
  knowledge: Pick<KnowledgeBase, 'put' | 'get' | 'delete' | 'list'>;
  fetch: HttpFetch;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  /** Requests per source per run: the Worker's subrequest budget, shared with embeddings. */
  requestsPerRun: number;
  /** Sources synced per run. */
  sourcesPerRun: number;
  delayMs: number;
  maxBytes: number;
  log: (event: string, fields: Record<string, unknown>) => void;
}

/** A run holds a source this long; a crashed run's lease lapses before the next cron. */
const LEASE_MS = 4 * 60_000;
/** After a site could not be read at all, wait this long before trying again. */
const RETRY_MS = 60 * 60_000;
/** Failures listed per run (the counts are always complete). */
const FAILURES_KEPT = 20;

/**
 * The cron's share of keeping knowledge fresh: each due source gets one
 * bounded batch of requests, then its place in the crawl is stored so the
 * next run resumes there. When a cycle completes, pages the sitemap no longer
 * lists (or the site answered 404/410 for) are removed, but only if every
 * sitemap of the cycle was read: a failure never deletes what is indexed.
 */
export async function syncDueSources(deps: SourceSyncDependencies): Promise<SourceRun[]> {
  const runs: SourceRun[] = [];
  for (let index = 0; index < deps.sourcesPerRun; index++) {
    const source = await deps.sources.claimDue(deps.now(), LEASE_MS);
    if (!source) break;
    const run = await syncSource(deps, source);
    await deps.sources.recordRun(run);
    deps.log('knowledge-source-synced', { source: source.id, fetched: run.fetched, changed: run.changed, failed: run.failed, removed: run.removed, cycleDone: run.cycleDone, error: run.error });
    runs.push(run);
  }
  return runs;
}

async function syncSource(deps: SourceSyncDependencies, source: KnowledgeSource): Promise<SourceRun> {
  const startedAt = deps.now();
  const crawl: SourceCrawl = source.crawl ?? { ...startCrawl(source.url), gone: [], incomplete: false };
  const origin = new URL(source.url).origin;
  const run: SourceRun = { sourceId: source.id, startedAt: startedAt.toISOString(), finishedAt: '', fetched: 0, changed: 0, unchanged: 0, failed: 0, removed: 0, cycleDone: false, error: null, failures: [] };
  const fail = (url: string, reason: string) => {
    run.failed++;
    if (run.failures.length < FAILURES_KEPT) run.failures.push({ url, reason });
  };
  const onEvent = async (event: CrawlEvent) => {
    if (event.kind !== 'skipped' && !(event.kind === 'failed' && isSitemapUrl(event.url))) run.fetched++;
    if (event.kind === 'page') {
      try {
        const { outcome } = await deps.knowledge.put({ id: `${source.idPrefix}${event.url}`, url: event.url, audience: source.audience, tags: [], format: 'html', bytes: new TextEncoder().encode(event.html) });
        if (outcome === 'unchanged') run.unchanged++;
        else run.changed++;
        await deps.sources.remember(source.id, event.url, { etag: event.memory.etag, lastModified: event.memory.lastModified });
      } catch (error) {
        if (!(error instanceof KnowledgeInputError)) throw error;
        fail(event.url, error.message);
      }
    } else if (event.kind === 'unchanged') {
      run.unchanged++;
    } else if (event.kind === 'gone') {
      crawl.gone.push(event.url);
      await deps.sources.remember(source.id, event.url, null);
    } else if (event.kind === 'failed') {
      // A sitemap that could not be read hides pages: this cycle may not prune.
      if (isSitemapUrl(event.url)) crawl.incomplete = true;
      fail(event.url, event.reason);
    } else if (event.reason.startsWith('sitemap entry')) {
      fail(event.url, event.reason);
    }
  };

  let nextRunAt = startedAt.toISOString();
  let done = null as SourceCrawl | null;
  try {
    const result = await crawlStep(
      crawl,
      origin,
      {
        fetch: deps.fetch,
        followLinks: false,
        maxPages: Number.POSITIVE_INFINITY,
        delayMs: deps.delayMs,
        sleep: deps.sleep,
        // Validators only while the page is still indexed, else a 304 would never bring it back.
        memory: async (url) => ((await deps.knowledge.get(`${source.idPrefix}${url}`)) ? deps.sources.memory(source.id, url) : null),
        limits: { ...DEFAULT_FETCH_LIMITS, maxBytes: deps.maxBytes },
      },
      deps.requestsPerRun,
      onEvent,
    );
    if (result.aborted) {
      run.error = result.aborted;
      nextRunAt = new Date(startedAt.getTime() + RETRY_MS).toISOString();
      done = crawl;
    } else if (result.done) {
      run.cycleDone = true;
      if (!crawl.incomplete) run.removed = await prune(deps, source, crawl);
      nextRunAt = new Date(startedAt.getTime() + source.everyHours * 3_600_000).toISOString();
    } else {
      done = crawl;
    }
  } catch (error) {
    // An unexpected failure (the database, a bug): keep the place, try again next run.
    run.error = 'the run failed; it resumes at the next run';
    deps.log('knowledge-source-failed', { source: source.id, error: (error as Error)?.name });
    done = crawl;
  }
  await deps.sources.release(source.id, run.cycleDone ? null : done, nextRunAt);
  run.finishedAt = deps.now().toISOString();
  return run;
}

/** Removes the source's documents whose pages the completed cycle did not find alive. */
async function prune(deps: SourceSyncDependencies, source: KnowledgeSource, crawl: SourceCrawl): Promise<number> {
  const alive = new Set(crawl.seen);
  for (const url of crawl.gone) alive.delete(url);
  // A sitemap that lists nothing is more likely broken than a site with no pages.
  if (crawl.seen.filter((url) => !isSitemapUrl(url)).length === 0) return 0;
  const scope = `${source.idPrefix}${new URL(source.url).origin}/`;
  let removed = 0;
  for (const document of await deps.knowledge.list()) {
    if (document.audience !== source.audience || !document.id.startsWith(scope)) continue;
    if (alive.has(document.id.slice(source.idPrefix.length))) continue;
    if (await deps.knowledge.delete(document.id)) removed++;
  }
  return removed;
}
