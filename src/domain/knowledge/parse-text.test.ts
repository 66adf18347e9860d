import { describe, expect, it } from 'vitest';
import { parsePdfPages, parseText } from './parse-text';

describe('parseText', () => {
  it('splits paragraphs at blank lines (including lines of only whitespace)', () => {
    expect(parseText('First para\nline two.\n\n \t \n\nSecond para.\n\n\n').blocks).toEqual([
      { kind: 'paragraph', text: 'First para\nline two.' },
      { kind: 'paragraph', text: 'Second para.' },
    ]);
  });

  it('collapses runs of spaces and tabs and trims each paragraph', () => {
    expect(parseText('  Lots   of\t\tspace  ').blocks).toEqual([{ kind: 'paragraph', text: 'Lots of space' }]);
  });

  it('finds no title, tags or headings, even in lines that look like Markdown', () => {
    const parsed = parseText('# Not a heading\n\n<b>not markup</b>');
    expect(parsed.title).toBeNull();
    expect(parsed.tags).toEqual([]);
    expect(parsed.blocks).toEqual([
      { kind: 'paragraph', text: '# Not a heading' },
      { kind: 'paragraph', text: '<b>not markup</b>' },
    ]);
  });

  it('returns no blocks for whitespace', () => {
    expect(parseText(' \n\n\t\n').blocks).toEqual([]);
  });
});

describe('parsePdfPages', () => {
  it('makes each page a "Page N" section holding its paragraphs', () => {
    expect(parsePdfPages(['page one text', 'page two\n\nsecond paragraph']).blocks).toEqual([
      { kind: 'heading', level: 2, text: 'Page 1' },
      { kind: 'paragraph', text: 'page one text' },
      { kind: 'heading', level: 2, text: 'Page 2' },
      { kind: 'paragraph', text: 'page two' },
      { kind: 'paragraph', text: 'second paragraph' },
    ]);
  });

  it('skips blank pages but keeps the real page numbers of the others', () => {
    const headings = parsePdfPages(['', 'content', '   \n ', 'more']).blocks.filter((block) => block.kind === 'heading');
    expect(headings.map((block) => block.text)).toEqual(['Page 2', 'Page 4']);
  });

  it('returns no blocks and no title for a PDF without text', () => {
    expect(parsePdfPages([])).toEqual({ title: null, tags: [], blocks: [] });
    expect(parsePdfPages(['', ' ']).blocks).toEqual([]);
  });
});
