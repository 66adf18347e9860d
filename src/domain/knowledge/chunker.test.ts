import { describe, expect, it } from 'vitest';
import type { Block } from './blocks';
import { chunkBlocks, DEFAULT_CHUNKING } from './chunker';
import { estimateTokens } from './tokens';

const heading = (level: number, text: string): Block => ({ kind: 'heading', level, text });
const paragraph = (text: string): Block => ({ kind: 'paragraph', text });

/** Twelve sentences of 10 estimated tokens each (7 words * 1.3 + one full stop * 0.6, rounded up). */
const SENTENCES = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} talks about topic ${i + 1}.`);

describe('chunkBlocks: heading paths', () => {
  it('starts every heading path at the title, even before any heading', () => {
    expect(chunkBlocks('Handbook', [paragraph('Welcome aboard.')])).toEqual([
      { headingPath: ['Handbook'], text: 'Welcome aboard.', tokenCount: estimateTokens('Welcome aboard.') },
    ]);
  });

  it('does not repeat an H1 that equals the title (ignoring case and punctuation)', () => {
    const chunks = chunkBlocks('Summer Hours', [heading(1, 'Summer hours!'), paragraph('Fridays end at 1pm.'), heading(2, 'Eligibility'), paragraph('Everyone.')]);
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([['Summer Hours'], ['Summer Hours', 'Eligibility']]);
  });

  it('keeps an H1 that differs from the title as a level of its own', () => {
    const chunks = chunkBlocks('handbook.md', [heading(1, 'Employee Handbook'), paragraph('Intro.')]);
    expect(chunks[0]!.headingPath).toEqual(['handbook.md', 'Employee Handbook']);
  });

  it('replaces siblings and nests children', () => {
    const chunks = chunkBlocks('Benefits', [
      heading(2, 'Insurance'),
      paragraph('Insurance intro.'),
      heading(3, 'Medical'),
      paragraph('Medical text.'),
      heading(3, 'Dental'),
      paragraph('Dental text.'),
      heading(2, 'Perks'),
      heading(4, 'Gym'),
      paragraph('Gym text.'),
      heading(3, 'Meals'),
      paragraph('Meals text.'),
      heading(2, 'Leave'),
      paragraph('Leave text.'),
    ]);
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
      [['Benefits', 'Insurance'], 'Insurance intro.'],
      [['Benefits', 'Insurance', 'Medical'], 'Medical text.'],
      [['Benefits', 'Insurance', 'Dental'], 'Dental text.'],
      [['Benefits', 'Perks', 'Gym'], 'Gym text.'],
      [['Benefits', 'Perks', 'Meals'], 'Meals text.'],
      [['Benefits', 'Leave'], 'Leave text.'],
    ]);
  });

  it('never mixes two sections in one chunk, however small they are', () => {
    const chunks = chunkBlocks('T', [heading(2, 'A'), paragraph('Alpha.'), heading(2, 'B'), paragraph('Beta.')]);
    expect(chunks.map((chunk) => chunk.text)).toEqual(['Alpha.', 'Beta.']);
  });

  it('packs the small blocks of one section into one chunk', () => {
    const chunks = chunkBlocks('T', [paragraph('One.'), paragraph('Two.'), { kind: 'table', text: '| a | b |' }]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.text).toBe('One.\n\nTwo.\n\n| a | b |');
  });
});

describe('chunkBlocks: empty input', () => {
  it('makes no chunks for no blocks or for headings without content', () => {
    expect(chunkBlocks('T', [])).toEqual([]);
    expect(chunkBlocks('T', [heading(1, 'T'), heading(2, 'Empty'), heading(3, 'Also empty')])).toEqual([]);
  });

  it('makes no empty chunk for an empty section between full ones', () => {
    const chunks = chunkBlocks('T', [paragraph('Before.'), heading(2, 'Empty'), heading(2, 'Full'), paragraph('After.')]);
    expect(chunks.map((chunk) => chunk.headingPath.at(-1))).toEqual(['T', 'Full']);
    for (const chunk of chunks) expect(chunk.text.trim()).not.toBe('');
  });
});

describe('chunkBlocks: long sections', () => {
  const options = { maxTokens: 40, overlapTokens: 12 };
  const long = [heading(2, 'Long'), paragraph(SENTENCES.join(' '))];

  it('estimates sentence sizes as this file assumes', () => {
    expect(SENTENCES.map(estimateTokens)).toEqual(Array(12).fill(10));
  });

  it('splits a long section into several chunks that keep its heading path and every sentence in order', () => {
    const chunks = chunkBlocks('T', long, options);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.headingPath).toEqual(['T', 'Long']);
    const joined = chunks.map((chunk) => chunk.text).join(' ');
    let from = 0;
    for (const sentence of SENTENCES) {
      const at = joined.indexOf(sentence, from);
      expect(at, sentence).toBeGreaterThanOrEqual(from);
      from = at;
    }
  });

  it('repeats the last sentence of a chunk at the start of the next (overlap)', () => {
    const chunks = chunkBlocks('T', long, options);
    expect(chunks.length).toBeGreaterThan(1);
    for (let i = 1; i < chunks.length; i++) {
      const lastSentence = chunks[i - 1]!.text.split(/(?<=\.)\s+/).at(-1)!;
      expect(chunks[i]!.text.startsWith(lastSentence)).toBe(true);
    }
  });

  it('repeats nothing when the overlap budget is zero', () => {
    const chunks = chunkBlocks('T', long, { maxTokens: 40, overlapTokens: 0 });
    const all = chunks.map((chunk) => chunk.text).join(' ');
    for (const sentence of SENTENCES) expect(all.split(sentence)).toHaveLength(2);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(40);
  });

  // The overlap is prepended to a piece that was already filled up to maxTokens,
  // so the next chunk exceeds the documented upper bound (49 > 40 here).
  it('keeps every chunk within maxTokens when no single sentence exceeds it', () => {
    const chunks = chunkBlocks('T', long, options);
    for (const chunk of chunks) expect(chunk.tokenCount, chunk.text).toBeLessThanOrEqual(options.maxTokens);
  });

  it('reports each chunk\'s token count as the estimate of its text', () => {
    for (const chunk of chunkBlocks('T', long, options)) expect(chunk.tokenCount).toBe(estimateTokens(chunk.text));
  });
});

describe('chunkBlocks: code and tables', () => {
  const code = Array.from({ length: 6 }, (_, i) => `const value${i} = compute(${i});`).join('\n');

  it('keeps a code block whole in a chunk of its own when it does not fit beside the prose before it', () => {
    const lead = paragraph('This single lead sentence is long enough that the code block cannot share its chunk with it');
    const codeTokens = estimateTokens(code);
    const chunks = chunkBlocks('T', [lead, { kind: 'code', text: code }], { maxTokens: codeTokens + 5, overlapTokens: 10 });
    expect(chunks.map((chunk) => chunk.text)).toEqual([lead.text, code]);
  });

  it('cuts an oversized code block at line boundaries, with no overlap', () => {
    const chunks = chunkBlocks('T', [{ kind: 'code', text: code }], { maxTokens: 20, overlapTokens: 10 });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((chunk) => chunk.text).join('\n')).toBe(code);
  });

  it('cuts an oversized table at row boundaries', () => {
    const table = Array.from({ length: 8 }, (_, i) => `| Plan ${i} | ${i * 10} dollars |`).join('\n');
    const chunks = chunkBlocks('T', [{ kind: 'table', text: table }], { maxTokens: 25, overlapTokens: 10 });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((chunk) => chunk.text).join('\n')).toBe(table);
    for (const chunk of chunks) for (const row of chunk.text.split('\n')) expect(row).toMatch(/^\| Plan \d \| \d+ dollars \|$/);
  });
});

describe('DEFAULT_CHUNKING', () => {
  it('is used when no options are given', () => {
    const text = SENTENCES.join(' ');
    expect(estimateTokens(text)).toBeLessThan(DEFAULT_CHUNKING.maxTokens);
    expect(chunkBlocks('T', [paragraph(text)])).toHaveLength(1);
  });
});
