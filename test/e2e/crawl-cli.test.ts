import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../scripts/lib/admin-client';
import { type LocalWorker, startLocalWorker } from '../../scripts/lib/local-worker';
import { type SitePage, type SiteServer, startSiteServer } from '../support/site/site-server';

const run = promisify(execFile);
/** A real documentation site written by no one here: Debian's reference manual (package debian-reference-en, installed by .ci/run). */
const DEBIAN_REFERENCE = '/usr/share/debian-reference';

async function ingest(worker: LocalWorker, args: string[]) {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['scripts/ingest.ts', ...args, '--url', worker.origin], {
      env: { ...process.env, ADMIN_TOKEN: worker.adminToken },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

const page = (title: string, body: string, links: string[] = []) =>
  `<!doctype html><html><head><title>${title}</title></head><body><nav><a href="/">Home</a></nav><main><h1>${title}</h1><p>${body}</p>${links.map((link) => `<a href="${link}">${link}</a>`).join(' ')}</main></body></html>`;

describe('npm run ingest -- --crawl', () => {
  let worker: LocalWorker;
  let client: AdminClient;
  let site: SiteServer;

  beforeAll(async () => {
    if (!existsSync(`${DEBIAN_REFERENCE}/index.en.html`)) throw new Error('Install debian-reference-en (apt-get install debian-reference-en), as .ci/run does.');
    await rm('.tmp/crawl', { recursive: true, force: true });
    [worker, site] = await Promise.all([startLocalWorker(), startSiteServer({ folder: DEBIAN_REFERENCE, mountPath: '/docs/' })]);
    client = new AdminClient(worker.origin, worker.adminToken);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([worker?.stop(), site?.close()]);
  });

  it('crawls a real documentation site, cites page URLs, and re-crawls it with conditional requests only', async () => {
    site.requests.length = 0;
    const first = await ingest(worker, ['--crawl', `${site.origin}/docs/index.en.html`, '--audience', 'public', '--id-prefix', 'deb/', '--delay-ms', '0']);
    expect(first.stderr).not.toContain('failed:');
    expect(first.code).toBe(0);
    const summary = /crawled (\d+) pages in ([\d.]+) s: added (\d+), updated 0, unchanged 0, removed 0, chunks (\d+)/.exec(first.stdout);
    expect(summary, first.stdout).not.toBeNull();
    const [pages, , added, chunks] = [Number(summary![1]), summary![2], Number(summary![3]), Number(summary![4])];
    expect(pages).toBe(15);
    expect(added).toBe(15);
    expect(chunks).toBeGreaterThan(500);
    console.log(`debian-reference crawl: ${first.stdout.trim()}`);
    // Files that are not pages are never requested.
    expect(site.requests.some((request) => /\.(pdf|gz)$/.test(request.path))).toBe(false);

    const hit = (await client.search('How do I list the contents of a deb package file', 'public', 3)).hits[0];
    expect(hit?.url).toMatch(new RegExp(`^${site.origin}/docs/ch\\d\\d\\.en\\.html$`));
    expect(hit?.documentId).toBe(`deb/${hit?.url}`);

    site.requests.length = 0;
    const second = await ingest(worker, ['--crawl', `${site.origin}/docs/index.en.html`, '--audience', 'public', '--id-prefix', 'deb/', '--delay-ms', '0']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('added 0, updated 0, unchanged 15, removed 0, chunks 0');
    const pageRequests = site.requests.filter((request) => request.path.endsWith('.html'));
    expect(pageRequests).toHaveLength(15);
    expect(pageRequests.every((request) => request.ifNoneMatch && request.ifModifiedSince)).toBe(true);
  }, 240_000);

  it('re-crawling under the other audience is refused unless asked, even when the site answers 304', async () => {
    // Follows the test above: the 15 pages are stored as public, with the site's validators remembered.
    const index = `deb/${site.origin}/docs/index.en.html`;
    site.requests.length = 0;
    const refused = await ingest(worker, ['--crawl', `${site.origin}/docs/index.en.html`, '--audience', 'internal', '--id-prefix', 'deb/', '--delay-ms', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refused: ${index}: stored as public (public → internal); pass --allow-audience-change`);
    expect(refused.stdout).toContain('audience changed 0, audience changes refused 15');
    // Each page is fetched whole: a 304 would have kept it public without a word.
    expect(site.requests.filter((request) => request.path.endsWith('.html') && request.ifNoneMatch)).toHaveLength(0);
    expect((await client.listDocuments()).find((document) => document.id === index)?.audience).toBe('public');

    const allowed = await ingest(worker, ['--crawl', `${site.origin}/docs/index.en.html`, '--audience', 'internal', '--id-prefix', 'deb/', '--delay-ms', '0', '--max-pages', '1', '--allow-audience-change']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain(`audience changed: ${index} (public → internal)`);
    expect((await client.listDocuments()).find((document) => document.id === index)?.audience).toBe('internal');
  }, 240_000);

  it('reports each bad page, honours robots.txt and the origin, and keeps one request at a time with a delay', async () => {
    const latin1 = Buffer.concat([Buffer.from('<html><body><main><p>Caf'), Buffer.from([0xe9]), Buffer.from(' latin.</p></main></body></html>')]);
    const links = ['/edge/good', '/edge/loop-a', '/edge/missing', '/edge/huge', '/edge/data', '/private/secret', '/edge/latin1', '/edge/latin1-declared', 'https://elsewhere.example/page', '/edge/to-elsewhere'];
    const edgePages: Record<string, SitePage> = {
      '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /private/\n' },
      '/edge/': { body: page('Edge start', 'Links below.', links) },
      '/edge/good': { body: page('Refund window', 'Refunds are accepted within 45 days of purchase.') },
      '/edge/loop-a': { status: 302, headers: { location: '/edge/loop-b' } },
      '/edge/loop-b': { status: 302, headers: { location: '/edge/loop-a' } },
      '/edge/huge': { body: page('Huge', 'x'.repeat(6 * 1024 * 1024)) },
      '/edge/data': { headers: { 'content-type': 'application/json' }, body: '{"a":1}' },
      '/private/secret': { body: page('Secret', 'Should never be fetched.') },
      '/edge/latin1': { headers: { 'content-type': 'text/html' }, body: latin1 },
      '/edge/latin1-declared': { headers: { 'content-type': 'text/html; charset=iso-8859-1' }, body: latin1 },
      '/edge/to-elsewhere': { status: 301, headers: { location: 'https://elsewhere.example/' } },
    };
    for (const [path, entry] of Object.entries(edgePages)) site.pages.set(path, entry);
    site.requests.length = 0;

    const result = await ingest(worker, ['--crawl', `${site.origin}/edge/`, '--audience', 'internal', '--id-prefix', 'edge/', '--delay-ms', '60']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`failed: ${site.origin}/edge/loop-a: redirect loop`);
    expect(result.stderr).toMatch(/failed: \S+\/edge\/huge: over the size limit/);
    expect(result.stderr).toContain(`failed: ${site.origin}/edge/latin1: not valid utf-8 text`);
    expect(result.stderr).toContain(`failed: ${site.origin}/edge/to-elsewhere: redirects to another site`);
    expect(result.stderr).toContain(`skipped: ${site.origin}/edge/data: not HTML (application/json)`);
    expect(result.stderr).toContain(`skipped: ${site.origin}/private/secret: disallowed by robots.txt`);
    // A link to another site is simply not followed.
    expect(result.stderr).not.toContain('elsewhere.example/page');
    expect(result.stdout).toMatch(/crawled 3 pages .*added 3, updated 0, unchanged 0, removed 0, chunks \d+, skipped 2, failed 4/);
    expect(site.requests.map((request) => request.path)).not.toContain('/private/secret');

    // One request at a time, at least the delay apart (robots.txt first).
    const times = site.requests.map((request) => request.at);
    for (let index = 2; index < times.length; index++) expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(50);

    const hits = (await client.search('refund window days', 'internal', 3)).hits;
    expect(hits[0]).toMatchObject({ documentId: `edge/${site.origin}/edge/good`, url: `${site.origin}/edge/good` });
    const declared = (await client.search('Café latin', 'internal', 3)).hits.find((hit) => hit.url?.endsWith('latin1-declared'));
    expect(declared?.text).toContain('Café latin.');

    // A sitemap that lists another site's pages: those are reported, never fetched.
    site.pages.set('/edge/sitemap.xml', {
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://elsewhere.example/stolen</loc></url><url><loc>${site.origin}/edge/good</loc></url></urlset>`,
    });
    const fromSitemap = await ingest(worker, ['--crawl', `${site.origin}/edge/sitemap.xml`, '--audience', 'internal', '--id-prefix', 'edge/', '--delay-ms', '0']);
    expect(fromSitemap.code).toBe(0);
    expect(fromSitemap.stderr).toContain('skipped: https://elsewhere.example/stolen: sitemap entry on another site');
    expect(fromSitemap.stdout).toMatch(/crawled 1 pages .*unchanged 1/);
  }, 120_000);

  it('never removes a page that failed; prunes it once the site answers 404; an unreachable site changes nothing', async () => {
    site.pages.set('/keep/', { body: page('Keep start', 'Start.', ['/keep/policy']) });
    site.pages.set('/keep/policy', { body: page('Travel policy', 'Book trains for trips under 500 km.') });
    const crawl = ['--crawl', `${site.origin}/keep/`, '--audience', 'internal', '--id-prefix', 'keep/', '--delay-ms', '0', '--prune'];
    expect((await ingest(worker, crawl)).stdout).toContain('added 2');
    const id = `keep/${site.origin}/keep/policy`;

    site.pages.set('/keep/policy', { status: 503, body: 'busy' });
    const failing = await ingest(worker, crawl);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain(`failed: ${site.origin}/keep/policy: HTTP 503`);
    expect(failing.stdout).toContain('removed 0');
    expect(await client.listDocuments()).toContainEqual(expect.objectContaining({ id }));

    // The start page failing hides its links: the policy page is not seen, and still not removed.
    site.pages.set('/keep/policy', { body: page('Travel policy', 'Book trains for trips under 500 km.') });
    site.pages.set('/keep/', { status: 500, body: 'down' });
    const startFailing = await ingest(worker, crawl);
    expect(startFailing.code).toBe(1);
    expect(startFailing.stdout).toContain('removed 0');
    expect(startFailing.stderr).toContain('not pruned: 1 page(s) could not be fetched');
    expect(await client.listDocuments()).toContainEqual(expect.objectContaining({ id }));
    site.pages.set('/keep/', { body: page('Keep start', 'Start.', ['/keep/policy']) });

    const unreachable = await ingest(worker, ['--crawl', 'http://127.0.0.1:9/keep/', '--audience', 'internal', '--id-prefix', 'keep/', '--prune']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('the site could not be read (robots.txt: unreachable)');
    expect(await client.listDocuments()).toContainEqual(expect.objectContaining({ id }));

    site.pages.set('/keep/policy', { status: 404, body: 'gone' });
    const pruned = await ingest(worker, crawl);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('removed 1');
    expect((await client.listDocuments()).map((document) => document.id)).not.toContain(id);
  }, 120_000);
});
