import { syncDueSources } from '../domain/knowledge/sources/sync-sources';
import { log } from '../log';
import { wiringFor } from '../wiring/wiring';

/**
 * Requests per cron run: Workers Free allows 50 subrequests per invocation,
 * and indexing a page with embeddings configured costs one more; 20 pages
 * every 5 minutes still re-reads a 5,000-page help centre within a day.
 */
const REQUESTS_PER_RUN = 20;
/** Pause between two requests to a site: politeness costs wall time, not CPU time. */
const DELAY_MS = 500;

/** The cron job that keeps scheduled knowledge sources in sync, one bounded batch per run. */
export async function syncKnowledgeSources(env: Env, scheduledAt: Date): Promise<void> {
  const wiring = wiringFor(env);
  // The cron's clock: a run is due by its scheduled time, whenever it actually starts.
  const offset = scheduledAt.getTime() - Date.now();
  await syncDueSources({
    sources: wiring.sources,
    knowledge: wiring.knowledge,
    fetch: (url, init) => fetch(url, init),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => new Date(Date.now() + offset),
    requestsPerRun: setting(env.SOURCE_SYNC_REQUESTS_PER_RUN, REQUESTS_PER_RUN, 1, 500),
    sourcesPerRun: 1,
    delayMs: setting(env.SOURCE_SYNC_DELAY_MS, DELAY_MS, 0, 30_000),
    maxBytes: wiring.config.maxDocumentBytes,
    log,
  });
}

/** An optional whole-number setting; anything unreadable or out of range is the default. */
function setting(value: string | undefined, fallback: number, min: number, max: number): number {
  const number = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
  return Number.isInteger(number) && number >= min && number <= max ? number : fallback;
}
