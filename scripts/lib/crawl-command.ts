import type { DocumentAudience } from '../../src/domain/knowledge/types';
import type { AdminClient } from './admin-client';
import { UsageError } from './args';
import { audienceChangeCounts, reportAudienceChanges } from './audience-changes';
import { crawlSync, defaultStatePath } from './crawl-sync';

/** `npm run ingest -- --crawl URL ...`: crawls a site into the Worker and prints a summary; returns the exit code. */
export async function runCrawlCommand(
  client: AdminClient,
  workerUrl: string,
  options: { crawl: string; audience: DocumentAudience; idPrefix: string; maxPages?: number; prune: boolean; delayMs?: number; allowAudienceChange?: boolean },
): Promise<number> {
  if (!/^https?:\/\/\S+$/i.test(options.crawl)) throw new UsageError('--crawl must be an http(s) URL (a start page or a sitemap.xml)');
  const maxPages = options.maxPages ?? 500;
  if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > 100_000) throw new UsageError('--max-pages must be 1 to 100000');
  const delayMs = options.delayMs ?? 250;
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 60_000) throw new UsageError('--delay-ms must be 0 to 60000');
  const started = Date.now();
  const summary = await crawlSync(client, {
    url: options.crawl,
    audience: options.audience,
    idPrefix: options.idPrefix,
    maxPages,
    prune: options.prune,
    delayMs,
    allowAudienceChange: options.allowAudienceChange === true,
    statePath: defaultStatePath(workerUrl, options.crawl),
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  for (const skipped of summary.skipped) console.error(`skipped: ${skipped.url}: ${skipped.reason}`);
  for (const failure of summary.failed) console.error(`failed: ${failure.id}: ${failure.message}${failure.status ? ` (HTTP ${failure.status})` : ''}`);
  if (summary.notPruned) console.error(`not pruned: ${summary.notPruned}`);
  const refused = reportAudienceChanges(summary.audienceChanges);
  console.log(
    `crawled ${summary.pages} pages in ${((Date.now() - started) / 1000).toFixed(1)} s: added ${summary.added}, updated ${summary.updated}, ` +
      `unchanged ${summary.unchanged}, removed ${summary.removed}, chunks ${summary.chunks}, skipped ${summary.skipped.length}, failed ${summary.failed.length}` +
      audienceChangeCounts(summary.audienceChanges, refused),
  );
  return summary.failed.length > 0 || refused > 0 ? 1 : 0;
}
