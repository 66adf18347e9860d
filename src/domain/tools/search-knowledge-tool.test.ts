import { describe, expect, it } from 'vitest';
import { type KnowledgePassage, createSearchKnowledgeTool } from './search-knowledge-tool';
import type { ToolContext } from './types';

const context: ToolContext = { idempotencyKey: 'draft-7:1', audience: 'customer' };

function recordingSearch(passages: KnowledgePassage[]) {
  const calls: { query: string; context: ToolContext }[] = [];
  const search = async (query: string, callContext: ToolContext) => {
    calls.push({ query, context: callContext });
    return passages;
  };
  return { search, calls };
}

const refunds: KnowledgePassage = {
  label: 'P3',
  title: 'Refund policy',
  headingPath: ['Refund policy', 'Timing'],
  text: '  Refunds are issued within 14 days of the return arriving.  ',
  url: 'https://help.example.com/refunds',
};
const holidays: KnowledgePassage = { title: 'Holidays', headingPath: ['Company holidays', 'Summer'], text: 'The office closes in August.', url: null };

describe('search_knowledge', () => {
  it('formats labelled, delimited passages with their heading path and source', async () => {
    const { search, calls } = recordingSearch([refunds, holidays]);
    const result = await createSearchKnowledgeTool({ search }).run({ query: 'refund timing' }, context);
    expect(result).toBe(
      [
        '[P3] Refund policy › Timing',
        'Source: https://help.example.com/refunds',
        'Refunds are issued within 14 days of the return arriving.',
        '',
        '---',
        '',
        '[P2] Holidays › Company holidays › Summer',
        'The office closes in August.',
      ].join('\n'),
    );
    expect(calls).toEqual([{ query: 'refund timing', context }]);
  });

  it('says so when nothing is found', async () => {
    const { search } = recordingSearch([]);
    expect(await createSearchKnowledgeTool({ search }).run({ query: 'parking' }, context)).toBe('No passages found.');
  });

  it('keeps the top passages only and truncates long text at a word boundary', async () => {
    const long = { ...holidays, text: 'word '.repeat(400) };
    const { search } = recordingSearch([long, long, long, long, long, long, long]);
    const result = await createSearchKnowledgeTool({ search }).run({ query: 'words' }, context);
    const blocks = result.split('\n\n---\n\n');
    expect(blocks).toHaveLength(5);
    const text = blocks[0]!.split('\n')[1]!;
    expect(text.length).toBeLessThanOrEqual(1201);
    expect(text.endsWith('word…')).toBe(true);
  });

  it('honours custom limits', async () => {
    const { search } = recordingSearch([refunds, holidays]);
    const result = await createSearchKnowledgeTool({ search, maxPassages: 1, maxPassageLength: 7 }).run({ query: 'x' }, context);
    expect(result).toBe('[P3] Refund policy › Timing\nSource: https://help.example.com/refunds\nRefunds…');
  });

  it('validates the query length', () => {
    const { schema } = createSearchKnowledgeTool({ search: recordingSearch([]).search });
    expect(schema.safeParse({ query: '' }).success).toBe(false);
    expect(schema.safeParse({ query: 'x'.repeat(301) }).success).toBe(false);
    expect(schema.safeParse({ query: 'x'.repeat(300) }).success).toBe(true);
  });
});
