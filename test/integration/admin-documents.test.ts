import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminFetch, putDocument, search, toBase64 } from './admin-client';

const HANDBOOK = `---
title: Office handbook
tags: [office]
---
# Office handbook

## Parking
Staff park in the basement garage; ask reception for a garage fob.

## Summer hours
From June to August we finish at 1pm on Fridays.
`;

async function ftsIsConsistent(): Promise<boolean> {
  // FTS5's own check that every index row matches the chunks table, and vice versa.
  await env.DB.prepare("INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('integrity-check', 1)").run();
  return true;
}

describe('POST /admin/documents', () => {
  it('adds, skips unchanged, and replaces changed documents without orphan rows', async () => {
    const first = await putDocument({ id: 'handbook/office.md', audience: 'internal', format: 'markdown', content: HANDBOOK });
    expect(first.status).toBe(201);
    const added = (await first.json()) as { outcome: string; document: { chunkCount: number; title: string; tags: string[] } };
    expect(added.outcome).toBe('added');
    expect(added.document).toMatchObject({ title: 'Office handbook', chunkCount: 2, tags: ['office'] });

    const again = await putDocument({ id: 'handbook/office.md', audience: 'internal', format: 'markdown', content: HANDBOOK });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'unchanged' });

    const changed = HANDBOOK.replace('basement garage', 'rooftop car park');
    const updated = await putDocument({ id: 'handbook/office.md', audience: 'internal', format: 'markdown', content: changed });
    expect(await updated.json()).toMatchObject({ outcome: 'updated' });

    expect((await search('basement')).hits).toEqual([]);
    const hits = (await search('rooftop car park')).hits;
    expect(hits[0]).toMatchObject({ documentId: 'handbook/office.md', headingPath: ['Office handbook', 'Parking'] });
    const counts = await env.DB.prepare("SELECT count(*) AS n FROM chunks WHERE document_id = 'handbook/office.md'").first<{ n: number }>();
    expect(counts?.n).toBe(2);
    expect(await ftsIsConsistent()).toBe(true);
  });

  it('records knowledge changes made through the API in the audit log, naming the caller when given', async () => {
    const added = await adminFetch('/admin/documents', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-countersign-actor': 'ingest by ana' },
      body: JSON.stringify({ id: 'audit/one.md', audience: 'internal', format: 'markdown', content: '# One\nText.' }),
    });
    expect(added.status).toBe(201);
    expect((await adminFetch(`/admin/documents/${encodeURIComponent('audit/one.md')}`, { method: 'DELETE' })).status).toBe(200);
    const { results } = await env.DB.prepare("SELECT actor, action FROM audit_log WHERE subject = 'audit/one.md' ORDER BY id").all();
    expect(results).toEqual([
      { actor: 'ingest by ana (admin API)', action: 'knowledge-uploaded' },
      { actor: 'admin API', action: 'knowledge-deleted' },
    ]);
  });

  it('indexes only the main text of an HTML page', async () => {
    const html = `<html><head><title>Status</title><script>var tracking = "zebrafish";</script></head><body>
      <nav><a href="/">Home</a> <a href="/pricing">Kangaroo pricing</a></nav>
      <main><h1>Service status</h1><h2>Uptime</h2><p>We commit to 99.9% monthly uptime.</p></main>
      <footer>Copyright wombat corp</footer></body></html>`;
    const response = await putDocument({ id: 'status.html', audience: 'public', format: 'html', content: html });
    expect(response.status).toBe(201);
    expect((await search('uptime commitment', 'public')).hits[0]?.headingPath).toEqual(['Service status', 'Uptime']);
    for (const chrome of ['zebrafish', 'kangaroo', 'wombat']) expect((await search(chrome, 'public')).hits).toEqual([]);
  });

  it('keeps the citation URL, title override and tags', async () => {
    const response = await putDocument({
      id: 'docs/refunds.md',
      audience: 'public',
      format: 'markdown',
      content: '## Refunds\nAnnual plans are refundable within 30 days.',
      title: 'Refund policy',
      url: 'https://help.example.com/docs/refunds',
      tags: ['billing'],
    });
    expect(response.status).toBe(201);
    const hit = (await search('refundable annual', 'public')).hits[0];
    expect(hit).toMatchObject({ url: 'https://help.example.com/docs/refunds', headingPath: ['Refund policy', 'Refunds'] });
  });
});

describe('bad input changes nothing', () => {
  const STORED = { id: 'keep.md', audience: 'internal', format: 'markdown', content: '# Keep\nThe espresso machine is on floor two.' } as const;

  async function expectStillStored() {
    const hits = (await search('espresso machine')).hits;
    expect(hits.map((hit) => hit.documentId)).toEqual(['keep.md']);
  }

  const cases: [string, Record<string, unknown>, number, string, string?][] = [
    ['an empty file', { ...STORED, content: '' }, 400, 'empty_document', 'content'],
    ['a whitespace-only file', { ...STORED, content: ' \n\n ' }, 400, 'empty_document', 'content'],
    ['a binary file', { ...STORED, content: undefined, contentBase64: toBase64(new Uint8Array([0x89, 0x50, 0, 1, 2, 0, 3])) }, 400, 'binary_content', 'content'],
    ['invalid UTF-8', { ...STORED, content: undefined, contentBase64: toBase64(new Uint8Array([0x48, 0x69, 0xc3, 0x28, 0x20, 0xff])) }, 400, 'invalid_utf8', 'content'],
    ['a PDF without a PDF header', { ...STORED, format: 'pdf', content: undefined, contentBase64: toBase64(new TextEncoder().encode('hello')) }, 400, 'unparseable', 'content'],
    ['a missing audience', { ...STORED, audience: undefined }, 400, 'invalid_request', 'audience'],
    ['an unknown audience', { ...STORED, audience: 'everyone' }, 400, 'invalid_request', 'audience'],
    ['an unknown format', { ...STORED, format: 'docx' }, 400, 'invalid_request', 'format'],
    ['a non-http url', { ...STORED, url: 'javascript:alert(1)' }, 400, 'invalid_request', 'url'],
    ['both content fields', { ...STORED, contentBase64: 'aGk=' }, 400, 'invalid_request', 'content'],
    ['an unknown field', { ...STORED, owner: 'me' }, 400, 'invalid_request'],
    ['a non-string id', { ...STORED, id: 42 }, 400, 'invalid_request', 'id'],
    ['tags that are not strings', { ...STORED, tags: [1, 2] }, 400, 'invalid_request', 'tags.0'],
  ];

  for (const [name, body, status, code, field] of cases) {
    it(`refuses ${name} with ${status} ${code}`, async () => {
      expect([200, 201]).toContain((await putDocument(STORED)).status);
      const response = await putDocument(body);
      expect(response.status).toBe(status);
      const error = ((await response.json()) as { error: { code: string; field?: string; message: string } }).error;
      expect(error.code).toBe(code);
      if (field) expect(error.field).toBe(field);
      expect(error.message.length).toBeGreaterThan(10);
      await expectStillStored();
    });
  }

  it('refuses a document over the size limit with 413 naming the limit', async () => {
    expect([200, 201]).toContain((await putDocument(STORED)).status);
    const response = await putDocument({ ...STORED, content: `# Big\n${'word '.repeat(50_000)}` });
    expect(response.status).toBe(413);
    const error = ((await response.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('too_large');
    expect(error.message).toContain('200000');
    await expectStillStored();
  });

  it('refuses malformed JSON, a wrong content type and invalid UTF-8 in the body', async () => {
    const post = (body: BodyInit, type = 'application/json') =>
      adminFetch('/admin/documents', { method: 'POST', headers: { 'content-type': type }, body });
    const malformed = await post('{"id": "x",');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_json' } });
    expect((await post(JSON.stringify(STORED), 'text/plain')).status).toBe(415);
    const badBytes = await post(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]));
    expect(await badBytes.json()).toMatchObject({ error: { code: 'invalid_utf8' } });
  });
});

describe('GET and DELETE /admin/documents/:id', () => {
  it('lists, reads, deletes (ids with slashes) and reports a second delete as 404', async () => {
    await putDocument({ id: 'team/it/vpn.md', audience: 'internal', format: 'markdown', content: '# VPN\nUse WireGuard to reach the office network.' });
    const list = (await (await adminFetch('/admin/documents')).json()) as { documents: { id: string }[] };
    expect(list.documents.map((document) => document.id)).toContain('team/it/vpn.md');

    const path = `/admin/documents/${encodeURIComponent('team/it/vpn.md')}`;
    expect(await (await adminFetch(path)).json()).toMatchObject({ document: { id: 'team/it/vpn.md', chunkCount: 1 } });
    const deleted = await adminFetch(path, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await search('wireguard')).hits).toEqual([]);
    expect((await adminFetch(path, { method: 'DELETE' })).status).toBe(404);
    expect((await adminFetch(path)).status).toBe(404);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM chunks WHERE document_id = 'team/it/vpn.md'").first<{ n: number }>();
    expect(rows?.n).toBe(0);
    expect(await ftsIsConsistent()).toBe(true);
  });
});
