import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import worker from '../../src/index';
import { CRONS } from '../../src/platform/scheduled';
import { adminFetch, search } from './admin-client';
import { signedIn } from './console-client';

const SITE = inject('siteUrl');

/** Sets what the scripted website serves at a path. */
async function serve(path: string, page: { status?: number; headers?: Record<string, string>; body?: string }) {
  const response = await fetch(`${SITE}/__control/page`, { method: 'POST', body: JSON.stringify({ path, ...page }) });
  expect(response.status).toBe(204);
}

const html = (title: string, text: string) => `<html><head><title>${title}</title></head><body><nav>Site menu</nav><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
const sitemap = (paths: string[]) =>
  `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((path) => `<url><loc>${SITE}${path}</loc></url>`).join('')}</urlset>`;

/** One run of the 5-minute cron, as Cloudflare calls it, with the source batch small and no politeness pause. */
async function runCron(at = Date.now()) {
  const controller = { cron: CRONS.safetyNets, scheduledTime: at, noRetry() {} } as ScheduledController;
  const ctx = createExecutionContext();
  await worker.scheduled(controller, { ...env, SOURCE_SYNC_REQUESTS_PER_RUN: '4', SOURCE_SYNC_DELAY_MS: '0' }, ctx);
  await waitOnExecutionContext(ctx);
}

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface SourceJson {
  id: string;
  url: string;
  every: string;
  nextRunAt: string;
  inProgress: { pagesVisited: number; queued: number } | null;
  runs: { fetched: number; changed: number; unchanged: number; failed: number; removed: number; cycleDone: boolean; error: string | null; failures: { url: string; reason: string }[] }[];
}
const sources = async () => ((await (await adminFetch('/admin/sources')).json()) as { sources: SourceJson[] }).sources;

describe('POST /admin/sources', () => {
  it('validates the source and refuses duplicates, and needs the admin token', async () => {
    expect((await adminFetch('/admin/sources', json({ kind: 'sitemap', url: `${SITE}/x.xml`, audience: 'public', idPrefix: '', every: '1d' }), null)).status).toBe(401);
    for (const [body, field] of [
      [{ kind: 'sitemap', url: 'ftp://example.com/sitemap.xml', audience: 'public', every: '1d' }, 'url'],
      [{ kind: 'sitemap', url: `${SITE}/x.xml`, audience: 'everyone', every: '1d' }, 'audience'],
      [{ kind: 'sitemap', url: `${SITE}/x.xml`, audience: 'public', every: '5m' }, 'every'],
      [{ kind: 'rss', url: `${SITE}/x.xml`, audience: 'public', every: '1d' }, 'kind'],
      [{ kind: 'sitemap', url: `${SITE}/x.xml`, audience: 'public', every: '1d', extra: 1 }, ''],
    ] as const) {
      const response = await adminFetch('/admin/sources', json(body));
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(field);
    }
    const created = await adminFetch('/admin/sources', json({ kind: 'sitemap', url: `${SITE}/dup/sitemap.xml#x`, audience: 'public', idPrefix: 'dup/', every: '12h' }));
    expect(created.status).toBe(201);
    const { source } = (await created.json()) as { source: SourceJson };
    expect(source).toMatchObject({ url: `${SITE}/dup/sitemap.xml`, every: '12h' });
    expect((await adminFetch('/admin/sources', json({ kind: 'sitemap', url: `${SITE}/dup/sitemap.xml`, audience: 'public', idPrefix: 'dup/', every: '1d' }))).status).toBe(409);
    // Another sitemap of the same site under the same prefix would prune this one's pages: refused.
    const sameSite = await adminFetch('/admin/sources', json({ kind: 'sitemap', url: `${SITE}/blog/sitemap.xml`, audience: 'public', idPrefix: 'dup/', every: '1d' }));
    expect(sameSite.status).toBe(409);
    expect(JSON.stringify(await sameSite.json())).toContain('its own id prefix');
    const ownPrefix = await adminFetch('/admin/sources', json({ kind: 'sitemap', url: `${SITE}/blog/sitemap.xml`, audience: 'public', idPrefix: 'blog/', every: '1d' }));
    expect(ownPrefix.status).toBe(201);
    expect((await adminFetch(`/admin/sources/${((await ownPrefix.json()) as { source: SourceJson }).source.id}`, { method: 'DELETE' })).status).toBe(200);

    expect((await adminFetch(`/admin/sources/${source.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await adminFetch(`/admin/sources/${source.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('scheduled sources in the cron', () => {
  const pages = ['/help/refunds', '/help/shipping', '/help/returns', '/help/warranty', '/help/contact'];

  beforeAll(async () => {
    await serve('/robots.txt', { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /private/\n' });
    await serve('/help/sitemap.xml', { headers: { 'content-type': 'application/xml' }, body: sitemap([...pages, '/private/secret']) });
    await serve('/help/refunds', { headers: { etag: '"r1"' }, body: html('Refunds', 'Refunds are paid back within 9 working days.') });
    await serve('/help/shipping', { body: html('Shipping', 'Parcels leave the warehouse every Tuesday.') });
    await serve('/help/returns', { body: html('Returns', 'Print the return label from your order page.') });
    await serve('/help/warranty', { body: html('Warranty', 'The warranty lasts 3 years on every kettle.') });
    await serve('/help/contact', { body: html('Contact', 'Call us on weekdays between 9 and 5.') });
  });

  it('syncs a sitemap in bounded batches that resume, records each run, and serves the pages with their URLs', async () => {
    const response = await adminFetch('/admin/sources', json({ kind: 'sitemap', url: `${SITE}/help/sitemap.xml`, audience: 'public', idPrefix: 'help/', every: '1d' }));
    expect(response.status).toBe(201);

    await runCron();
    let [source] = (await sources()).filter((entry) => entry.url.endsWith('/help/sitemap.xml'));
    // 4 requests: the sitemap, then 3 pages; the rest waits for the next run.
    expect(source!.runs[0]).toMatchObject({ fetched: 3, changed: 3, failed: 0, cycleDone: false, error: null });
    expect(source!.inProgress).toEqual({ pagesVisited: 3, queued: 3 });

    await runCron();
    [source] = (await sources()).filter((entry) => entry.url.endsWith('/help/sitemap.xml'));
    expect(source!.runs[0]).toMatchObject({ fetched: 2, changed: 2, failed: 0, removed: 0, cycleDone: true });
    expect(source!.inProgress).toBeNull();
    expect(Date.parse(source!.nextRunAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);

    const hit = (await search('how many days until refunds are paid', 'public', 3)).hits[0];
    expect(hit).toMatchObject({ documentId: `help/${SITE}/help/refunds`, url: `${SITE}/help/refunds` });
    expect(hit?.text).not.toContain('Site menu');
    expect((await search('secret', 'public', 3)).hits.some((entry) => entry.url?.includes('/private/'))).toBe(false);

    // Not due again yet: a cron run now does nothing.
    await runCron();
    [source] = (await sources()).filter((entry) => entry.url.endsWith('/help/sitemap.xml'));
    expect(source!.runs).toHaveLength(2);
  });

  it('never deletes an indexed page when its fetch fails; prunes a page gone from the sitemap after a full cycle', async () => {
    await serve('/help/warranty', { status: 500, body: 'oops' });
    await serve('/help/shipping', { body: `<main><p>${'big '.repeat(1_400_000)}</p></main>` });
    await serve('/help/sitemap.xml', { headers: { 'content-type': 'application/xml' }, body: sitemap(['/help/refunds', '/help/shipping', '/help/returns', '/help/warranty']) });
    const day = 25 * 3_600_000;
    await runCron(Date.now() + day);
    await runCron(Date.now() + day);
    const [source] = (await sources()).filter((entry) => entry.url.endsWith('/help/sitemap.xml'));
    const cycle = source!.runs.slice(0, 2);
    expect(cycle[0]).toMatchObject({ cycleDone: true, removed: 1 });
    expect(cycle.reduce((sum, run) => sum + run.failed, 0)).toBe(2);
    expect(cycle.flatMap((run) => run.failures.map((failure) => failure.reason))).toEqual(expect.arrayContaining(['HTTP 500', expect.stringMatching(/over the size limit/)]));

    const ids = ((await (await adminFetch('/admin/documents')).json()) as { documents: { id: string }[] }).documents.map((document) => document.id);
    // Failed this time, still indexed from last time:
    expect(ids).toEqual(expect.arrayContaining([`help/${SITE}/help/warranty`, `help/${SITE}/help/shipping`]));
    // Gone from the sitemap:
    expect(ids).not.toContain(`help/${SITE}/help/contact`);
    expect((await search('warranty kettle years', 'public', 3)).hits[0]?.url).toBe(`${SITE}/help/warranty`);
  });

  it('an unreachable site is recorded as a failed run and removes nothing', async () => {
    const created = await adminFetch('/admin/sources', json({ kind: 'sitemap', url: 'http://127.0.0.1:9/sitemap.xml', audience: 'internal', idPrefix: 'down/', every: '1d' }));
    expect(created.status).toBe(201);
    const before = ((await (await adminFetch('/admin/documents')).json()) as { documents: unknown[] }).documents.length;
    await runCron(Date.now() + 3 * 24 * 3_600_000);
    await runCron(Date.now() + 3 * 24 * 3_600_000);
    const down = (await sources()).find((entry) => entry.url.startsWith('http://127.0.0.1:9/'));
    expect(down!.runs[0]).toMatchObject({ fetched: 0, removed: 0, error: expect.stringContaining('could not be read') });
    expect(((await (await adminFetch('/admin/documents')).json()) as { documents: unknown[] }).documents).toHaveLength(before);
  });
});

describe('the console Knowledge page', () => {
  it('lists sources with their runs, lets an admin add and remove one with the CSRF token, and shows reviewers no forms', async () => {
    const admin = await signedIn('admin');
    const csrf = await admin.csrf('/admin/knowledge');
    const bad = await admin.fetch('/admin/knowledge/sources', { form: { _csrf: csrf, url: 'not a url', audience: 'public', every: '1d' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('must be an http(s) URL');
    const noCsrf = await admin.fetch('/admin/knowledge/sources', { form: { url: `${SITE}/console/sitemap.xml`, audience: 'public', every: '1d' } });
    expect(noCsrf.status).toBe(403);

    const added = await admin.fetch('/admin/knowledge/sources', { form: { _csrf: csrf, url: `${SITE}/console/sitemap.xml`, audience: 'internal', idPrefix: 'c/', every: '7d' } });
    expect(added.status).toBe(303);
    const listed = await (await admin.fetch('/admin/knowledge?done=source-added')).text();
    expect(listed).toContain(`${SITE}/console/sitemap.xml`);
    expect(listed).toContain('every 7d');
    expect(listed).toContain('Source added');
    const audit = await env.DB.prepare("SELECT actor FROM audit_log WHERE action = 'knowledge-source-added' ORDER BY id DESC").first<{ actor: string }>();
    expect(audit?.actor).toBe('ana@example.com');

    const reviewer = await signedIn('reviewer');
    const asReviewer = await (await reviewer.fetch('/admin/knowledge')).text();
    expect(asReviewer).toContain(`${SITE}/console/sitemap.xml`);
    expect(asReviewer).not.toContain('Remove source');
    const id = (await sources()).find((entry) => entry.url === `${SITE}/console/sitemap.xml`)!.id;
    const reviewerCsrf = await reviewer.csrf('/admin/knowledge');
    expect((await reviewer.fetch('/admin/knowledge/sources/delete', { form: { _csrf: reviewerCsrf, id } })).status).toBe(403);

    const removed = await admin.fetch('/admin/knowledge/sources/delete', { form: { _csrf: csrf, id } });
    expect(removed.status).toBe(303);
    expect((await sources()).some((entry) => entry.id === id)).toBe(false);
  });
});
