import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../scripts/lib/admin-client';
import { type LocalWorker, startLocalWorker } from '../../scripts/lib/local-worker';
import { makePdf } from '../support/make-pdf';

const run = promisify(execFile);

/** Runs `npm run ingest` as a user would, against a throw-away local Worker. */
async function ingest(worker: LocalWorker, args: string[], token = worker.adminToken) {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['scripts/ingest.ts', ...args, '--url', worker.origin], {
      env: { ...process.env, ADMIN_TOKEN: token },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('npm run ingest', () => {
  let worker: LocalWorker;
  let folder: string;

  beforeAll(async () => {
    worker = await startLocalWorker();
    folder = await mkdtemp(path.join(tmpdir(), 'countersign-ingest-'));
    await cp('samples/knowledge/public', folder, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('syncs a folder, then skips it unchanged, then updates and prunes', async () => {
    const first = await ingest(worker, [folder, '--audience', 'public', '--base-url', 'https://help.example.com/']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/added 10, updated 0, unchanged 0, removed 0, chunks \d+, failed 0/);

    const second = await ingest(worker, [folder, '--audience', 'public', '--base-url', 'https://help.example.com/']);
    expect(second.stdout).toContain('added 0, updated 0, unchanged 10, removed 0, chunks 0, failed 0');

    await writeFile(path.join(folder, 'mobile-app.md'), '# Mobile app\n## Offline mode\nThe app keeps the last 14 days offline.');
    await rm(path.join(folder, 'shift-swapping.md'));
    const third = await ingest(worker, [folder, '--audience', 'public', '--base-url', 'https://help.example.com/', '--prune']);
    expect(third.stdout).toContain('added 0, updated 1, unchanged 8, removed 1, chunks 1, failed 0');

    const client = new AdminClient(worker.origin, worker.adminToken);
    const ids = (await client.listDocuments()).map((document) => document.id);
    expect(ids).not.toContain('shift-swapping.md');
    const hit = (await client.search('how many days offline', 'public', 1)).hits[0];
    expect(hit).toMatchObject({ documentId: 'mobile-app.md', url: 'https://help.example.com/mobile-app' });
  }, 120_000);

  it('reports a refused file, still syncs the rest, and exits 1', async () => {
    const bad = await mkdtemp(path.join(tmpdir(), 'countersign-bad-'));
    await writeFile(path.join(bad, 'empty.md'), '');
    await writeFile(path.join(bad, 'ok.txt'), 'Support answers within one working day.');
    const result = await ingest(worker, [bad, '--audience', 'internal', '--id-prefix', 'bad/']);
    await rm(bad, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('failed: bad/empty.md: The document is empty. (HTTP 400)');
    expect(result.stdout).toContain('added 1, updated 0, unchanged 0, removed 0');
  }, 60_000);

  it('extracts PDFs in Node and uploads their pages; skips an unchanged PDF and reports a damaged one', async () => {
    const pdfs = await mkdtemp(path.join(tmpdir(), 'countersign-pdfs-'));
    await writeFile(path.join(pdfs, 'it-policy.pdf'), makePdf(['Laptops are refreshed every three years.', 'Lost badges cost ten euros to replace.']));
    await writeFile(path.join(pdfs, 'broken.pdf'), '%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage');
    const first = await ingest(worker, [pdfs, '--audience', 'internal', '--id-prefix', 'pdfs/']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('failed: pdfs/broken.pdf: The PDF could not be read; is it damaged or encrypted? (not uploaded)');
    expect(first.stdout).toContain('added 1, updated 0, unchanged 0, removed 0, chunks 2, failed 1');

    await rm(path.join(pdfs, 'broken.pdf'));
    const second = await ingest(worker, [pdfs, '--audience', 'internal', '--id-prefix', 'pdfs/']);
    await rm(pdfs, { recursive: true, force: true });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('added 0, updated 0, unchanged 1, removed 0, chunks 0, failed 0');

    const client = new AdminClient(worker.origin, worker.adminToken);
    const hit = (await client.search('lost badge replace', 'internal', 1)).hits[0];
    expect(hit).toMatchObject({ documentId: 'pdfs/it-policy.pdf', headingPath: ['It policy', 'Page 2'] });
    expect(hit?.text).toContain('Lost badges cost ten euros');
  }, 60_000);

  it('refuses to change the audience of stored documents unless --allow-audience-change is given, reporting each one', async () => {
    const docs = await mkdtemp(path.join(tmpdir(), 'countersign-audience-'));
    await writeFile(path.join(docs, 'roadmap.md'), '# Roadmap\n## Next quarter\nProject Kestrel ships offline mode in March.');
    await writeFile(path.join(docs, 'pricing.md'), '# Pricing\n## Plans\nThe Team plan costs 8 euros a seat.');
    const client = new AdminClient(worker.origin, worker.adminToken);
    const audienceOf = async () => Object.fromEntries((await client.listDocuments()).filter((document) => document.id.startsWith('flip/')).map((document) => [document.id, document.audience]));
    try {
      expect((await ingest(worker, [docs, '--audience', 'internal', '--id-prefix', 'flip/'])).code).toBe(0);
      // A new public file beside them is added; the stored internal ones are refused and left alone.
      await writeFile(path.join(docs, 'faq.md'), '# FAQ\n## Billing\nInvoices are sent on the first of the month.');
      const refused = await ingest(worker, [docs, '--audience', 'public', '--id-prefix', 'flip/']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('refused: flip/roadmap.md: stored as internal (internal → public); pass --allow-audience-change');
      expect(refused.stderr).toContain('refused: flip/pricing.md: stored as internal (internal → public)');
      expect(refused.stdout).toContain('added 1, updated 0, unchanged 0, removed 0, chunks 1, failed 0, audience changed 0, audience changes refused 2');
      expect(await audienceOf()).toEqual({ 'flip/faq.md': 'public', 'flip/pricing.md': 'internal', 'flip/roadmap.md': 'internal' });
      expect((await client.search('project kestrel offline', 'public', 10)).hits.filter((hit) => hit.documentId.startsWith('flip/'))).toEqual([]);

      const allowed = await ingest(worker, [docs, '--audience', 'public', '--id-prefix', 'flip/', '--allow-audience-change']);
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toContain('audience changed: flip/roadmap.md (internal → public)');
      expect(allowed.stdout).toContain('audience changed: flip/pricing.md (internal → public)');
      expect(allowed.stdout).toContain('added 0, updated 2, unchanged 1, removed 0');
      expect(await audienceOf()).toEqual({ 'flip/faq.md': 'public', 'flip/pricing.md': 'public', 'flip/roadmap.md': 'public' });
      const audit = (await (await fetch(`${worker.origin}/admin/audit-log?action=knowledge-audience-changed`, { headers: { authorization: `Bearer ${worker.adminToken}` } })).json()) as {
        entries: { subject: string; details: unknown }[];
      };
      expect(audit.entries.map((entry) => [entry.subject, entry.details]).sort()).toEqual([
        ['flip/pricing.md', { from: 'internal', to: 'public' }],
        ['flip/roadmap.md', { from: 'internal', to: 'public' }],
      ]);
    } finally {
      await rm(docs, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a wrong token and bad arguments with a clear message', async () => {
    const wrongToken = await ingest(worker, [folder, '--audience', 'public'], 'not-the-token');
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toContain('A valid admin bearer token is required.');

    const noAudience = await ingest(worker, [folder]);
    expect(noAudience.code).toBe(2);
    expect(noAudience.stderr).toContain('--audience must be "internal" or "public"');

    const typo = await ingest(worker, [folder, '--audience', 'public', '--prnue']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown option --prnue');
  }, 60_000);
});
