/**
 * npm run ingest -- <files or folders...> --audience internal|public
 *   [--url WORKER_URL] [--base-url https://docs.example.com/] [--id-prefix PREFIX]
 *   [--tag TAG]... [--exclude RELATIVE_PATH]... [--prune] [--allow-audience-change] [--concurrency N]
 * npm run ingest -- --crawl URL --audience internal|public [--id-prefix P] [--max-pages N] [--delay-ms MS] [--prune] [--allow-audience-change]
 *
 * Syncs documents into a Countersign Worker (local or deployed) through its
 * admin API. The token comes from $ADMIN_TOKEN, or .dev.vars for local dev.
 */
import { connectAdmin } from './lib/admin-client';
import { parseArgs, UsageError } from './lib/args';
import { collectFiles } from './lib/collect-files';
import { audienceChangeCounts, reportAudienceChanges } from './lib/audience-changes';
import { runCrawlCommand } from './lib/crawl-command';
import type { DocumentAudience } from '../src/domain/knowledge/types';
import { syncDocuments } from './lib/sync-documents';

const USAGE = `usage: npm run ingest -- <files or folders...> --audience internal|public
  [--url http://127.0.0.1:8787] [--base-url https://docs.example.com/] [--id-prefix PREFIX]
  [--tag TAG]... [--exclude RELATIVE_PATH]... [--prune] [--allow-audience-change] [--concurrency 4]

  --audience               who may read the documents: internal (employees only) or public (customers too)
  --allow-audience-change  store documents already stored under the other audience under this one;
                           without it they are refused, listed, and left as they are (exit 1)
  --url                    the Worker (default http://127.0.0.1:8787); the token is $ADMIN_TOKEN or .dev.vars
  --base-url               turns each file's relative path into its citation link
  --id-prefix              prepended to each relative path to form the document id
  --tag                    a tag for every document (repeatable)
  --exclude                a relative path to leave out (repeatable)
  --prune                  delete documents of this audience and id prefix whose files are gone
  --concurrency            uploads at once, 1 to 32 (default 4)
  --help                   this text

       npm run ingest -- --crawl https://help.example.com/sitemap.xml --audience internal|public
  [--url http://127.0.0.1:8787] [--id-prefix PREFIX] [--max-pages 500] [--delay-ms 250] [--prune] [--allow-audience-change]

  --crawl                  a site's start page or its sitemap.xml: same-origin pages, robots.txt honoured
  --max-pages              stop after this many pages
  --delay-ms               pause between requests to the site
  (--prune and --allow-audience-change work for a crawl as for files)`;

async function main(): Promise<number> {
  const { options, positionals } = parseArgs(process.argv.slice(2), {
    audience: { type: 'string' },
    url: { type: 'string' },
    'base-url': { type: 'string' },
    'id-prefix': { type: 'string' },
    tag: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    prune: { type: 'boolean' },
    'allow-audience-change': { type: 'boolean' },
    concurrency: { type: 'number' },
    crawl: { type: 'string' },
    'max-pages': { type: 'number' },
    'delay-ms': { type: 'number' },
  }, USAGE);
  const audience = options.audience;
  if (audience !== 'internal' && audience !== 'public') throw new UsageError('--audience must be "internal" or "public"');
  if (typeof options.crawl === 'string') {
    if (positionals.length > 0) throw new UsageError('--crawl takes a URL, not files or folders');
    const workerUrl = (options.url as string | undefined) ?? 'http://127.0.0.1:8787';
    const crawl = { crawl: options.crawl, audience: audience as DocumentAudience, idPrefix: (options['id-prefix'] as string | undefined) ?? '', prune: options.prune === true };
    return runCrawlCommand(await connectAdmin(workerUrl), workerUrl, {
      ...crawl,
      maxPages: options['max-pages'] as number | undefined,
      delayMs: options['delay-ms'] as number | undefined,
      allowAudienceChange: options['allow-audience-change'] === true,
    });
  }
  if (positionals.length === 0) throw new UsageError('name at least one file or folder to ingest');
  const baseUrl = (options['base-url'] as string | undefined) ?? null;
  if (baseUrl && !/^https?:\/\/[^\s]+$/i.test(baseUrl)) throw new UsageError('--base-url must be an http(s) URL');
  const client = await connectAdmin((options.url as string | undefined) ?? 'http://127.0.0.1:8787');
  const concurrency = (options.concurrency as number | undefined) ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError('--concurrency must be 1 to 32');

  const { files, skipped } = await collectFiles(positionals, (options.exclude as string[] | undefined) ?? []);
  for (const path of skipped) console.error(`skipped (unsupported type): ${path}`);
  if (files.length === 0) throw new UsageError('no supported documents found (.md .mdx .txt .html .pdf)');

  const showProgress = files.length >= 20;
  const summary = await syncDocuments(client, files, {
    audience,
    idPrefix: (options['id-prefix'] as string | undefined) ?? '',
    baseUrl,
    tags: (options.tag as string[] | undefined) ?? [],
    prune: options.prune === true,
    allowAudienceChange: options['allow-audience-change'] === true,
    concurrency,
    onProgress: showProgress
      ? (done, total) => {
          if (done % 10 === 0 || done === total) process.stderr.write(`\r${done}/${total} documents`);
          if (done === total) process.stderr.write('\n');
        }
      : undefined,
  });

  for (const failure of summary.failed) console.error(`failed: ${failure.id}: ${failure.message} (${failure.status === null ? 'not uploaded' : `HTTP ${failure.status}`})`);
  const refused = reportAudienceChanges(summary.audienceChanges);
  console.log(
    `added ${summary.added}, updated ${summary.updated}, unchanged ${summary.unchanged}, removed ${summary.removed}, ` +
      `chunks ${summary.chunks}, failed ${summary.failed.length}` +
      audienceChangeCounts(summary.audienceChanges, refused),
  );
  return summary.failed.length > 0 || refused > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`ingest: ${error.message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
