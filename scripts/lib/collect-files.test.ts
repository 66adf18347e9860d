import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFiles, formatOf, sourceUrl } from './collect-files';

describe('sourceUrl', () => {
  it.each([
    ['https://docs.example.com/', 'docs/billing.md', 'https://docs.example.com/docs/billing'],
    ['https://docs.example.com', 'docs/billing.mdx', 'https://docs.example.com/docs/billing'],
    ['https://docs.example.com/', 'guide/index.md', 'https://docs.example.com/guide/'],
    ['https://docs.example.com/', 'index.html', 'https://docs.example.com/'],
    ['https://docs.example.com/', 'guide/reindex.md', 'https://docs.example.com/guide/reindex'],
    ['https://docs.example.com/', 'guide/INDEX.HTM', 'https://docs.example.com/guide/'],
    ['https://example.com/help', 'faq.txt', 'https://example.com/help/faq'],
    ['https://example.com/help/', 'manuals/setup.pdf', 'https://example.com/help/manuals/setup.pdf'],
    ['https://example.com/', 'team notes/plan.md', 'https://example.com/team%20notes/plan'],
  ])('sourceUrl(%j, %j) is %j', (base, relative, expected) => {
    expect(sourceUrl(base, relative)).toBe(expected);
  });
});

describe('formatOf', () => {
  it('maps known extensions case-insensitively and others to null', () => {
    expect(['a.md', 'a.MDX', 'a.markdown', 'a.txt', 'a.text', 'a.html', 'a.htm', 'a.pdf'].map(formatOf)).toEqual([
      'markdown', 'markdown', 'markdown', 'text', 'text', 'html', 'html', 'pdf',
    ]);
    expect(['a.docx', 'a.png', 'README', 'md'].map(formatOf)).toEqual([null, null, null, null]);
  });
});

describe('collectFiles', () => {
  let root: string;
  let corpus: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'countersign-collect-'));
    corpus = path.join(root, 'corpus');
    const files = [
      'b.md',
      'a.txt',
      'guide/index.mdx',
      'guide/setup.html',
      'guide/deep/manual.pdf',
      'guide/diagram.png',
      'notes.docx',
      '.hidden.md',
      '.git/config.md',
      'node_modules/pkg/readme.md',
      'drafts/wip.md',
    ];
    for (const file of files) {
      await mkdir(path.dirname(path.join(corpus, file)), { recursive: true });
      await writeFile(path.join(corpus, file), 'text');
    }
    await writeFile(path.join(root, 'single.md'), 'text');
    await writeFile(path.join(root, 'single.docx'), 'text');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('walks a folder recursively in name order, skipping hidden entries and node_modules', async () => {
    const { files } = await collectFiles([corpus]);
    expect(files.map((file) => [file.relative, file.format])).toEqual([
      ['a.txt', 'text'],
      ['b.md', 'markdown'],
      ['drafts/wip.md', 'markdown'],
      ['guide/deep/manual.pdf', 'pdf'],
      ['guide/index.mdx', 'markdown'],
      ['guide/setup.html', 'html'],
    ]);
    for (const file of files) expect(file.absolute).toBe(path.join(corpus, file.relative));
  });

  it('lists files of unsupported types as skipped, under the path given', async () => {
    const { skipped } = await collectFiles([corpus]);
    expect(skipped).toEqual([path.join(corpus, 'guide/diagram.png'), path.join(corpus, 'notes.docx')]);
  });

  it('honours exclusions given as paths relative to the folder', async () => {
    const { files, skipped } = await collectFiles([corpus], ['drafts/wip.md', 'guide/diagram.png']);
    expect(files.map((file) => file.relative)).not.toContain('drafts/wip.md');
    expect(files).toHaveLength(5);
    expect(skipped).toEqual([path.join(corpus, 'notes.docx')]);
  });

  it('takes a file named explicitly, with its base name as the relative path', async () => {
    const { files, skipped } = await collectFiles([path.join(root, 'single.md')]);
    expect(files).toEqual([{ absolute: path.join(root, 'single.md'), relative: 'single.md', format: 'markdown' }]);
    expect(skipped).toEqual([]);
  });

  it('rejects an explicitly named file of an unsupported type', async () => {
    const file = path.join(root, 'single.docx');
    await expect(collectFiles([file])).rejects.toThrow(`unsupported file type: ${file}`);
  });

  it('rejects a path that does not exist', async () => {
    const missing = path.join(root, 'missing');
    await expect(collectFiles([missing])).rejects.toThrow(`no such file or folder: ${missing}`);
  });

  it('combines several inputs in the order given', async () => {
    const { files } = await collectFiles([path.join(root, 'single.md'), path.join(corpus, 'guide')]);
    expect(files.map((file) => file.relative)).toEqual(['single.md', 'deep/manual.pdf', 'index.mdx', 'setup.html']);
  });
});
