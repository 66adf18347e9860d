import { describe, expect, it } from 'vitest';
import { makePdf } from '../support/make-pdf';
import { putDocument, search, toBase64 } from './admin-client';

describe('PDF ingestion', () => {
  // The Worker bundles no PDF parser: `npm run ingest` extracts the pages in
  // Node (test/e2e/ingest-cli.test.ts runs it on a real PDF) and sends them.
  it('indexes the pages the ingest CLI uploads, each page as its own section', async () => {
    const pages = ['Laptops are refreshed every three years.', 'Lost badges cost ten euros to replace.'];
    const response = await putDocument({ id: 'policies/it.pdf', audience: 'internal', format: 'pdf', pages, title: 'IT policy' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ outcome: 'added', document: { format: 'pdf', chunkCount: 2 } });
    const hit = (await search('lost badge replace')).hits[0];
    expect(hit).toMatchObject({ documentId: 'policies/it.pdf', headingPath: ['IT policy', 'Page 2'] });
    expect(hit?.text).toContain('Lost badges cost ten euros');

    const again = await putDocument({ id: 'policies/it.pdf', audience: 'internal', format: 'pdf', pages, title: 'IT policy' });
    expect(await again.json()).toMatchObject({ outcome: 'unchanged' });
  });

  it('refuses a raw PDF with a message saying how to ingest it, and stores nothing', async () => {
    const pdf = makePdf(['Parking permits renew every January.']);
    const response = await putDocument({ id: 'raw.pdf', audience: 'internal', format: 'pdf', contentBase64: toBase64(pdf) });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { error: { code: string; message: string; field: string } };
    expect(body.error).toMatchObject({ code: 'pdf_needs_ingest', field: 'content' });
    expect(body.error.message).toContain('npm run ingest -- file.pdf');
    expect((await search('parking permits renew')).hits).toEqual([]);
  });

  it('refuses a "PDF" without a PDF header, pages without text, and pages for another format', async () => {
    const notPdf = await putDocument({ id: 'broken.pdf', audience: 'internal', format: 'pdf', contentBase64: toBase64(new TextEncoder().encode('hello')) });
    expect(notPdf.status).toBe(400);
    expect(await notPdf.json()).toMatchObject({ error: { code: 'unparseable', field: 'content' } });
    const blank = await putDocument({ id: 'scan.pdf', audience: 'internal', format: 'pdf', pages: ['', '  '] });
    expect(blank.status).toBe(400);
    expect(await blank.json()).toMatchObject({ error: { code: 'empty_document' } });
    const wrongFormat = await putDocument({ id: 'x.md', audience: 'internal', format: 'markdown', pages: ['# X'] });
    expect(wrongFormat.status).toBe(400);
    expect(await wrongFormat.json()).toMatchObject({ error: { field: 'pages' } });
  });

  it('refuses a PDF sent as plain content', async () => {
    const response = await putDocument({ id: 'x.pdf', audience: 'internal', format: 'pdf', content: '%PDF-1.4' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { field: 'contentBase64' } });
  });
});

describe('Docusaurus/MDX content', () => {
  it('keeps the plan a feature needs and drops imports and JSON-LD', async () => {
    const mdx = [
      '---',
      'title: Funnels',
      '---',
      "import CtaBox from '@site/src/components/CtaBox';",
      '<head><script type="application/ld+json">{"name": "platypus"}</script></head>',
      '',
      '<PlanFeatureNote feature="funnels" plan="business" label="Funnel analysis" />',
      '',
      '## Create a funnel',
      ':::tip Steps',
      'Pick between two and eight steps.',
      ':::',
    ].join('\n');
    expect((await putDocument({ id: 'docs/funnels.md', audience: 'public', format: 'markdown', content: mdx })).status).toBe(201);
    const hit = (await search('which plan has funnel analysis', 'public')).hits[0];
    expect(hit?.documentId).toBe('docs/funnels.md');
    expect(hit?.text).toContain('Available on the Business plan');
    expect((await search('platypus', 'public')).hits).toEqual([]);
    expect((await search('CtaBox', 'public')).hits).toEqual([]);
    expect((await search('eight steps', 'public')).hits[0]?.headingPath).toEqual(['Funnels', 'Create a funnel']);
  });
});
