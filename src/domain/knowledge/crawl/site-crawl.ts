import { canonicalUrl, sameOrigin } from './canonical-url';
import { DEFAULT_FETCH_LIMITS, type FetchLimits, fetchPage, type HttpFetch, type Validators } from './fetch-page';
import { pageLinks } from './page-links';
import { ALLOW_ALL, parseRobots, type RobotsRules } from './robots';
import { isSitemapUrl, parseSitemap } from './sitemap';

/** Where a crawl stands; plain data, so a Worker can store it and resume in its next run. */
export interface CrawlState {
  /** URLs still to visit, in order. */
  queue: string[];
  /** Every URL ever queued (so none is visited twice), pages and sitemaps. */
  seen: string[];
  /** Pages visited so far (sitemaps and robots.txt not counted). */
  pages: number;
}

/** What the crawl remembers of a page from its last visit. */
export interface PageMemory extends Validators {
  /** Its same-site links, so a page answered with 304 still leads to the pages it links to. */
  links?: string[];
}

export type CrawlEvent =
  | { kind: 'page'; url: string; html: string; memory: PageMemory }
  | { kind: 'unchanged'; url: string }
  | { kind: 'gone'; url: string; status: number }
  | { kind: 'failed'; url: string; reason: string }
  | { kind: 'skipped'; url: string; reason: string };

export interface CrawlOptions {
  fetch: HttpFetch;
  /** Follow links between pages (a start page); a sitemap crawl visits the sitemap's pages only. */
  followLinks: boolean;
  maxPages: number;
  /** Pause between two requests to the site; robots.txt's Crawl-delay raises it (up to 30 s). */
  delayMs: number;
  sleep: (ms: number) => Promise<void>;
  memory: (url: string) => Promise<PageMemory | null>;
  limits?: FetchLimits;
}

export interface StepResult {
  /** Nothing left to visit, or --max-pages reached. */
  done: boolean;
  /** The page limit stopped the crawl: pages past it were not seen, so nothing may be pruned. */
  truncated: boolean;
  /** The site could not be read at all (robots.txt unreachable or refusing); nothing was visited. */
  aborted: string | null;
}

/** Files a docs site links to that are never pages; not worth a request. */
const NOT_A_PAGE = /\.(pdf|gz|tgz|zip|tar|png|jpe?g|gif|svg|webp|ico|css|js|mjs|json|txt|mp4|webm|mp3|woff2?|ttf|epub|deb|dmg|exe)$/i;

export function startCrawl(url: string): CrawlState {
  const start = canonicalUrl(url);
  if (!start) throw new Error('The crawl must start at an http(s) URL.');
  return { queue: [start], seen: [start], pages: 0 };
}

/**
 * Visits up to `budget` URLs of the crawl, one request at a time with a pause
 * between them, and reports each page through `onEvent` (which may store it).
 * Only URLs on the start URL's origin that robots.txt allows are fetched.
 */
export async function crawlStep(state: CrawlState, origin: string, options: CrawlOptions, budget: number, onEvent: (event: CrawlEvent) => Promise<void>): Promise<StepResult> {
  const limits = options.limits ?? DEFAULT_FETCH_LIMITS;
  const seen = new Set(state.seen);
  const enqueue = (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    state.queue.push(url);
    state.seen.push(url);
  };
  const robots = await readRobots(options.fetch, origin, limits);
  if ('aborted' in robots) return { done: true, truncated: false, aborted: robots.aborted };
  const delayMs = Math.max(options.delayMs, Math.min(30, robots.crawlDelaySeconds ?? 0) * 1000);
  const pause = () => options.sleep(delayMs);

  let requests = 0;
  while (state.queue.length > 0 && requests < budget) {
    if (state.pages >= options.maxPages) return { done: true, truncated: true, aborted: null };
    const url = state.queue.shift()!;
    const target = new URL(url);
    if (!sameOrigin(url, origin)) {
      await onEvent({ kind: 'skipped', url, reason: 'on another site' });
      continue;
    }
    if (!robots.allows(`${target.pathname}${target.search}`)) {
      await onEvent({ kind: 'skipped', url, reason: 'disallowed by robots.txt' });
      continue;
    }
    if (NOT_A_PAGE.test(target.pathname)) {
      await onEvent({ kind: 'skipped', url, reason: 'not HTML (by its extension)' });
      continue;
    }
    await options.sleep(delayMs);
    requests++;
    if (isSitemapUrl(url)) {
      const fetched = await fetchPage(options.fetch, url, null, limits, 'application/xml,text/xml', pause);
      if (fetched.kind !== 'ok') {
        await onEvent({ kind: 'failed', url, reason: `sitemap: ${fetched.kind === 'failed' ? fetched.reason : `HTTP ${fetched.kind === 'gone' ? fetched.status : 304}`}` });
        continue;
      }
      const sitemap = parseSitemap(fetched.text);
      for (const loc of [...sitemap.sitemaps, ...sitemap.pages]) {
        const page = canonicalUrl(loc, url);
        if (page && sameOrigin(page, origin)) enqueue(page);
        else await onEvent({ kind: 'skipped', url: loc.slice(0, 300), reason: 'sitemap entry on another site' });
      }
      continue;
    }
    state.pages++;
    const memory = await options.memory(url);
    const fetched = await fetchPage(options.fetch, url, memory, limits, undefined, pause);
    if (fetched.kind === 'unchanged') {
      if (options.followLinks) for (const link of memory?.links ?? []) enqueue(link);
      await onEvent({ kind: 'unchanged', url });
    } else if (fetched.kind === 'gone') {
      await onEvent({ kind: 'gone', url, status: fetched.status });
    } else if (fetched.kind === 'failed') {
      await onEvent({ kind: 'failed', url, reason: fetched.reason });
    } else if (!/html/.test(fetched.contentType)) {
      await onEvent({ kind: 'skipped', url, reason: `not HTML (${fetched.contentType.slice(0, 60) || 'no type'})` });
    } else {
      const found = pageLinks(fetched.text, fetched.url);
      const links = found.links.filter((link) => sameOrigin(link, origin));
      if (options.followLinks) for (const link of links) enqueue(link);
      // A page that names another URL as its canonical one is indexed there (once, however many URLs lead to it).
      const canonical = found.canonical && sameOrigin(found.canonical, origin) ? found.canonical : fetched.url;
      if (found.noindex) await onEvent({ kind: 'skipped', url, reason: 'marked noindex' });
      else if (canonical !== url && seen.has(canonical) && canonical !== fetched.url) await onEvent({ kind: 'skipped', url, reason: `duplicate of ${canonical}` });
      else {
        if (!seen.has(canonical)) {
          seen.add(canonical);
          state.seen.push(canonical);
        }
        await onEvent({ kind: 'page', url: canonical, html: fetched.text, memory: { ...fetched.validators, links } });
      }
    }
  }
  return { done: state.queue.length === 0, truncated: false, aborted: null };
}

async function readRobots(fetcher: HttpFetch, origin: string, limits: FetchLimits): Promise<RobotsRules | { aborted: string }> {
  const fetched = await fetchPage(fetcher, `${origin}/robots.txt`, null, limits, 'text/plain');
  if (fetched.kind === 'ok') return parseRobots(fetched.text);
  if (fetched.kind === 'gone') return ALLOW_ALL;
  // RFC 9309: an unreachable robots.txt (or a server error) means the whole site is off limits for now.
  if (fetched.kind === 'failed' && /^HTTP 4\d\d$/.test(fetched.reason)) return ALLOW_ALL;
  return { aborted: `the site could not be read (robots.txt: ${fetched.kind === 'failed' ? fetched.reason : 'unexpected reply'})` };
}
