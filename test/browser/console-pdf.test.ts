import type { Browser, Page } from 'playwright-core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../scripts/lib/admin-client';
import { type LocalWorker, startLocalWorker } from '../../scripts/lib/local-worker';
import { makePdf } from '../support/make-pdf';
import { chromiumMissing, launchChromium, screenshot, watchProblems } from './support/chromium';
import { consolePages } from './support/console-pages';

// The Worker bundles no PDF parser: the console's upload page reads a PDF's
// text layer in the admin's browser (pdf.js from /vendor/) and uploads the pages.
describe.skipIf(chromiumMissing)('console PDF upload, read in the browser', () => {
  let browser: Browser;
  let worker: LocalWorker;
  let staff: Page;
  let problems: string[];
  let files: string;

  beforeAll(async () => {
    files = await mkdtemp(path.join(tmpdir(), 'countersign-console-pdf-'));
    await writeFile(path.join(files, 'badge-policy.pdf'), makePdf(['Visitor badges are collected at reception.', 'Lost badges cost ten euros to replace.']));
    await writeFile(path.join(files, 'broken.pdf'), '%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage');
    [worker, browser] = await Promise.all([startLocalWorker(), launchChromium()]);
    staff = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    problems = watchProblems(staff);
    await staff.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    await consolePages(staff, worker.origin).signIn('Ana Admin', worker.adminToken);
    await staff.waitForURL(/\/admin\/reviews/);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await rm(files, { recursive: true, force: true });
  });

  it('uploads the pages of a PDF read in the browser, searchable and cited by page', async () => {
    await staff.goto(`${worker.origin}/admin/knowledge`);
    const upload = staff.locator('form[action="/admin/knowledge"]');
    await upload.getByLabel(/^File/).setInputFiles(path.join(files, 'badge-policy.pdf'));
    await staff.getByText('Read 2 pages in your browser: only their text will be uploaded.').waitFor();
    await upload.getByLabel('internal: employees only').check();
    await upload.getByRole('button', { name: 'Upload' }).click();
    await staff.waitForURL(/\/admin\/knowledge\?done=added/);
    await screenshot(staff, 'console-pdf-uploaded');

    const client = new AdminClient(worker.origin, worker.adminToken);
    const stored = (await client.listDocuments()).find((document) => document.id === 'badge-policy.pdf');
    expect(stored).toMatchObject({ format: 'pdf', audience: 'internal' });
    const hit = (await client.search('how much does a lost badge cost', 'internal', 3)).hits[0];
    expect(hit).toMatchObject({ documentId: 'badge-policy.pdf' });
    expect(hit?.text).toContain('Lost badges cost ten euros to replace.');
    expect(hit?.headingPath).toContain('Page 2');
    expect(problems).toEqual([]);
  });

  it('says when a PDF cannot be read, and the Worker refuses the raw file with the command to ingest it', async () => {
    await staff.goto(`${worker.origin}/admin/knowledge`);
    const upload = staff.locator('form[action="/admin/knowledge"]');
    await upload.getByLabel(/^File/).setInputFiles(path.join(files, 'broken.pdf'));
    await staff.getByText('This PDF could not be read in your browser (damaged or encrypted?). Ingest it with npm run ingest -- file.pdf.').waitFor();
    await upload.getByLabel('internal: employees only').check();
    await upload.getByRole('button', { name: 'Upload' }).click();
    const refusal = staff.locator('main .notice');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/npm run ingest -- .*\.pdf/);
    const client = new AdminClient(worker.origin, worker.adminToken);
    expect((await client.listDocuments()).map((document) => document.id)).not.toContain('broken.pdf');
  });
});
