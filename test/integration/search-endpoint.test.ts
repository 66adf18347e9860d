import { describe, expect, it } from 'vitest';
import { adminFetch, putDocument, search } from './admin-client';

describe('GET /admin/search', () => {
  it('returns ranked chunks with scores, heading paths, sources and the mode', async () => {
    await putDocument({
      id: 'benefits.md',
      audience: 'internal',
      format: 'markdown',
      url: 'https://intranet.example.com/benefits',
      content: '# Benefits\n## Summer hours\nFridays end at 1pm in July and August.\n## Gym\nWe pay half of a gym membership.',
    });
    const result = await search('when do fridays end in summer?', 'internal', 2);
    expect(result.mode).toBe('lexical');
    expect(result.notes).toContain('no embeddings configured; lexical only');
    expect(result.hits[0]).toMatchObject({
      rank: 1,
      documentId: 'benefits.md',
      headingPath: ['Benefits', 'Summer hours'],
      url: 'https://intranet.example.com/benefits',
    });
    expect(result.hits.length).toBeLessThanOrEqual(2);
    const scores = result.hits.map((hit) => hit.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('treats FTS5 syntax in a question as plain words', async () => {
    const result = await search('gym" OR body:NEAR( membership*', 'internal', 3);
    expect(result.hits[0]?.headingPath).toEqual(['Benefits', 'Gym']);
  });

  it('returns no hits, not an error, for a question of only stop words or symbols', async () => {
    expect((await search('?!', 'internal')).hits).toEqual([]);
  });

  for (const [query, field] of [
    ['', 'q'],
    ['q=', 'q'],
    [`q=${'x'.repeat(1001)}`, 'q'],
    ['q=gym&audience=everyone', 'audience'],
    ['q=gym&k=0', 'k'],
    ['q=gym&k=51', 'k'],
    ['q=gym&k=ten', 'k'],
  ] as const) {
    it(`refuses ?${query.slice(0, 30)} naming "${field}"`, async () => {
      const response = await adminFetch(`/admin/search?${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_request', field } });
    });
  }
});

describe('typo repair', () => {
  it('finds a section despite a misspelled word, and only from visible vocabulary', async () => {
    await putDocument({ id: 'office.md', audience: 'internal', format: 'markdown', content: '# Office\n## Parking\nThe garage has eighteen spaces.' });
    await putDocument({ id: 'help.md', audience: 'public', format: 'markdown', content: '# Help\n## Invoices\nDownload invoices from the billing page.' });
    expect((await search('is there parkign at the office', 'internal')).hits[0]?.headingPath).toEqual(['Office', 'Parking']);
    expect((await search('where are my invocies', 'public')).hits[0]?.headingPath).toEqual(['Help', 'Invoices']);
    // "parking" exists only in an internal document: a customer's typo is not repaired towards it.
    expect((await search('parkign', 'public')).hits).toEqual([]);
  });
});
