import { describe, expect, it } from 'vitest';
import { makePdf } from '../support/make-pdf';
import { putDocument, search, toBase64 } from './admin-client';

describe('PDF ingestion', () => {
  it('indexes the text layer of each page as its own section', async () => {
    const pdf = makePdf(['Laptops are refreshed every three years.', 'Lost badges cost ten euros to replace.']);
    const response = await putDocument({ id: 'policies/it.pdf', audience: 'internal', format: 'pdf', contentBase64: toBase64(pdf), title: 'IT policy' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ outcome: 'added', document: { format: 'pdf', chunkCount: 2 } });
    const hit = (await search('lost badge replace')).hits[0];
    expect(hit).toMatchObject({ documentId: 'policies/it.pdf', headingPath: ['IT policy', 'Page 2'] });
    expect(hit?.text).toContain('Lost badges cost ten euros');
  });

  it('refuses a damaged PDF', async () => {
    const broken = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage');
    const response = await putDocument({ id: 'broken.pdf', audience: 'internal', format: 'pdf', contentBase64: toBase64(broken) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'unparseable', field: 'content' } });
  });

  it('requires PDFs to be sent as base64', async () => {
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
