import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { D1LexicalIndex } from '../../src/adapters/d1/d1-lexical-index';
import { ingest } from './engine-fixture';

beforeAll(async () => {
  await ingest('stats/office.md', 'internal', '# Office\n## Parking\nPark in the garage.\n## Lunch\nLunch on Thursdays; parking for visitors is free.');
  await ingest('stats/help.md', 'public', '# Help\n## Refunds\nRefunds within 30 days.');
});

describe('D1LexicalIndex.termStatistics (the rarity weights of the confidence features)', () => {
  it('counts the passages the reader may see and those holding each word, inflections included', async () => {
    const index = new D1LexicalIndex(env.DB);
    const internal = await index.termStatistics(['parking', 'refund', 'zebra'], ['internal', 'public']);
    const publicOnly = await index.termStatistics(['parking', 'refund', 'zebra'], ['public']);
    expect(internal!.frequencies).toMatchObject({ parking: 2, refund: 1, zebra: 0 });
    expect(publicOnly!.frequencies).toMatchObject({ parking: 0, refund: 1, zebra: 0 });
    expect(internal!.passages).toBeGreaterThan(publicOnly!.passages);
  });

  it('answers null with no words or no audience, so the engine weighs every word the same', async () => {
    const index = new D1LexicalIndex(env.DB);
    expect(await index.termStatistics([], ['public'])).toBeNull();
    expect(await index.termStatistics(['parking'], [])).toBeNull();
  });
});
