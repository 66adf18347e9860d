import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contentHashOf } from '../../src/domain/knowledge/prepare-document';
import { DEFAULT_FETCH_LIMITS, type HttpFetch } from '../../src/domain/knowledge/crawl/fetch-page';
import { type CrawlEvent, crawlStep, type PageMemory, startCrawl } from '../../src/domain/knowledge/crawl/site-crawl';
import { isSitemapUrl } from '../../src/domain/knowledge/crawl/sitemap';
import type { DocumentAudience } from '../../src/domain/knowledge/types';
import { type AdminClient, AdminApiError } from './admin-client';
import type { SyncSummary } from './sync-documents';

export interface CrawlSyncOptions {
  url: string;
  audience: DocumentAudience;
  /** Prepended to each page's URL to form its document id. */
  idPrefix: string;
  maxPages: number;
  prune: boolean;
  delayMs: number;
  /** Store pages already stored under the other audience under this one (else they are refused and left as they are). */
  allowAudienceChange?: boolean;
  /** Where the validators (ETag, Last-Modified) and links of the last crawl are kept. */
  statePath: string;
  fetch?: HttpFetch;
  onProgress?: (line: string) => void;
}

export interface CrawlSummary extends SyncSummary {
  pages: number;
  skipped: { url: string; reason: string }[];
  /** Why nothing was pruned, when --prune was asked for but the crawl was incomplete. */
  notPruned: string | null;
}

/**
 * Makes the knowledge base match a website: pages are fetched one at a time
 * (conditional on the last crawl's validators, so unchanged pages cost a 304)
 * and uploaded as HTML with their URL as citation link. Pruning removes only
 * pages the site answered 404/410 for or no longer links to, and only after a
 * complete crawl: a failed fetch never removes what is indexed.
 */
export async function crawlSync(client: AdminClient, options: CrawlSyncOptions): Promise<CrawlSummary> {
  const summary: CrawlSummary = { added: 0, updated: 0, unchanged: 0, removed: 0, chunks: 0, failed: [], audienceChanges: [], pages: 0, skipped: [], notPruned: null };
  const state = startCrawl(options.url);
  const origin = new URL(state.queue[0]!).origin;
  const scope = `${options.idPrefix}${origin}/`;
  const remote = new Map((await client.listDocuments()).map((document) => [document.id, document]));
  const memory = await loadMemory(options.statePath);
  const alive = new Set<string>();
  const limits = { ...DEFAULT_FETCH_LIMITS, maxBytes: Math.min(DEFAULT_FETCH_LIMITS.maxBytes, 5_000_000) };

  const onEvent = async (event: CrawlEvent) => {
    const id = `${options.idPrefix}${event.url}`;
    if (event.kind === 'page' || event.kind === 'unchanged') summary.pages++;
    if (event.kind === 'unchanged') {
      alive.add(id);
      summary.unchanged++;
    } else if (event.kind === 'page') {
      alive.add(id);
      memory[event.url] = event.memory;
      await upload(client, summary, { id, url: event.url, audience: options.audience, html: event.html }, remote.get(id) ?? null, options.allowAudienceChange === true);
    } else if (event.kind === 'failed') {
      // Kept: a page that failed this time is still the page it was.
      alive.add(id);
      summary.failed.push({ id: event.url, status: 0, message: event.reason });
    } else if (event.kind === 'gone') {
      delete memory[event.url];
    } else {
      summary.skipped.push({ url: event.url, reason: event.reason });
    }
    const done = summary.pages + summary.failed.length;
    if (done > 0 && done % 10 === 0) options.onProgress?.(`${done} pages, ${state.queue.length} queued`);
  };

  const result = await crawlStep(
    state,
    origin,
    {
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      followLinks: !isSitemapUrl(state.queue[0]!),
      maxPages: options.maxPages,
      delayMs: options.delayMs,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      // A page no longer in the knowledge base, or stored under the other audience, must be fetched
      // whole whatever the site's validators say: a 304 would keep it readable by the old audience silently.
      memory: async (url) => (remote.get(`${options.idPrefix}${url}`)?.audience === options.audience ? (memory[url] ?? null) : null),
      limits,
    },
    Number.POSITIVE_INFINITY,
    onEvent,
  );
  if (result.aborted) throw new Error(result.aborted);
  await saveMemory(options.statePath, memory);

  if (options.prune) {
    if (result.truncated) summary.notPruned = `the crawl stopped at --max-pages ${options.maxPages}`;
    // A page or sitemap that failed may be the one linking to the rest: what was not
    // seen this time is not known to be gone, so nothing is removed.
    else if (summary.failed.length > 0) summary.notPruned = `${summary.failed.length} page(s) could not be fetched`;
    else {
      for (const document of remote.values()) {
        if (document.audience !== options.audience || !document.id.startsWith(scope) || alive.has(document.id)) continue;
        await client.deleteDocument(document.id);
        summary.removed++;
      }
    }
  }
  return summary;
}

async function upload(
  client: AdminClient,
  summary: CrawlSummary,
  page: { id: string; url: string; audience: DocumentAudience; html: string },
  stored: { audience: DocumentAudience; contentHash: string } | null,
  allowAudienceChange: boolean,
): Promise<void> {
  // Who may read a page changes only when asked (the Worker enforces it too, with 409 audience_change).
  const audienceChange = stored && stored.audience !== page.audience ? { id: page.id, from: stored.audience, to: page.audience } : null;
  if (audienceChange && !allowAudienceChange) {
    summary.audienceChanges.push({ ...audienceChange, changed: false });
    return;
  }
  const bytes = new TextEncoder().encode(page.html);
  const input = { id: page.id, url: page.url, audience: page.audience, tags: [], format: 'html' as const, bytes };
  if (stored && !audienceChange && stored.contentHash === (await contentHashOf(input))) {
    summary.unchanged++;
    return;
  }
  try {
    const result = await client.putDocument({
      id: page.id,
      url: page.url,
      audience: page.audience,
      tags: [],
      format: 'html',
      contentBase64: Buffer.from(bytes).toString('base64'),
      ...(audienceChange ? { allowAudienceChange: true } : {}),
    });
    if (audienceChange) summary.audienceChanges.push({ ...audienceChange, changed: true });
    summary[result.outcome]++;
    if (result.outcome !== 'unchanged') summary.chunks += result.document.chunkCount;
  } catch (error) {
    if (!(error instanceof AdminApiError) || error.status === 401) throw error;
    summary.failed.push({ id: page.url, status: error.status, message: error.message });
  }
}

async function loadMemory(file: string): Promise<Record<string, PageMemory>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, PageMemory>;
  } catch {
    return {};
  }
}

async function saveMemory(file: string, memory: Record<string, PageMemory>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(memory));
}

/** The state file of a crawl: one per Worker and site, under .tmp (never committed). */
export function defaultStatePath(workerUrl: string, siteUrl: string): string {
  const name = `${new URL(workerUrl).host}--${new URL(siteUrl).host}`.replace(/[^\w.-]+/g, '_');
  return path.join('.tmp', 'crawl', `${name}.json`);
}
