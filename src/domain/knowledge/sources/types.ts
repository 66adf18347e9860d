import type { CrawlState, PageMemory } from '../crawl/site-crawl';
import type { DocumentAudience } from '../types';

/** A website the cron keeps in sync on its own. */
export interface KnowledgeSource {
  id: string;
  kind: 'sitemap';
  /** The sitemap (or sitemap index) URL; its origin bounds the crawl. */
  url: string;
  audience: DocumentAudience;
  /** Prepended to each page URL to form its document id. */
  idPrefix: string;
  everyHours: number;
  createdAt: string;
  createdBy: string;
  nextRunAt: string;
  /** The cycle in progress, or null between cycles. */
  crawl: SourceCrawl | null;
}

export interface SourceCrawl extends CrawlState {
  /** Pages the site answered 404/410 for this cycle: removed when the cycle completes. */
  gone: string[];
  /** A sitemap of this cycle could not be read, so the cycle may not prune. */
  incomplete: boolean;
}

export interface SourceFailure {
  url: string;
  reason: string;
}

/** One cron run's work on one source. */
export interface SourceRun {
  sourceId: string;
  startedAt: string;
  finishedAt: string;
  fetched: number;
  changed: number;
  unchanged: number;
  failed: number;
  removed: number;
  cycleDone: boolean;
  error: string | null;
  failures: SourceFailure[];
}

export interface NewSource {
  kind: 'sitemap';
  url: string;
  audience: DocumentAudience;
  idPrefix: string;
  everyHours: number;
  createdBy: string;
}

/** Where sources, their page validators and their runs are kept. */
export interface SourceStore {
  list(): Promise<KnowledgeSource[]>;
  /** Adds a source due at once; null when one with the same URL and id prefix exists. */
  create(source: NewSource, id: string, now: Date): Promise<KnowledgeSource | null>;
  /** Removes the source and its page validators and runs (not the documents it indexed). */
  delete(id: string): Promise<boolean>;
  /** Leases one due source (cycle in progress or next run reached) not leased by another run. */
  claimDue(now: Date, leaseMs: number): Promise<KnowledgeSource | null>;
  /** Stores progress and releases the lease; `nextRunAt` moves on when a cycle is done. */
  release(id: string, crawl: SourceCrawl | null, nextRunAt: string): Promise<void>;
  memory(sourceId: string, url: string): Promise<PageMemory | null>;
  remember(sourceId: string, url: string, memory: PageMemory | null): Promise<void>;
  recordRun(run: SourceRun): Promise<void>;
  recentRuns(sourceId: string, limit: number): Promise<SourceRun[]>;
}
