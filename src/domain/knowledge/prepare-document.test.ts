import { describe, expect, it } from 'vitest';
import { KnowledgeInputError } from './errors';
import { joinPdfPages } from './pdf-text';
import type { PdfTextExtractor } from './ports';
import { contentHashOf, type DocumentInput, prepareDocument, titleFromId } from './prepare-document';

const utf8 = (text: string) => new TextEncoder().encode(text);

function input(overrides: Partial<DocumentInput> = {}): DocumentInput {
  return { id: 'docs/summer-hours.md', audience: 'internal', tags: [], format: 'markdown', bytes: utf8('# Summer Hours\n\nFridays end at 1pm.'), ...overrides };
}

/** A PdfTextExtractor that records what it was given and returns fixed pages (or throws). */
function fakePdf(result: string[] | Error = ['page one text', 'page two text']) {
  const calls: Uint8Array[] = [];
  const extract: PdfTextExtractor = async (bytes) => {
    calls.push(bytes);
    if (result instanceof Error) throw result;
    return result;
  };
  return { extract, calls };
}

async function rejection(promise: Promise<unknown>): Promise<KnowledgeInputError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KnowledgeInputError);
  return error as KnowledgeInputError;
}

describe('prepareDocument: bad input', () => {
  it.each([
    ['empty bytes', input({ bytes: new Uint8Array() }), 'empty_document'],
    ['whitespace only', input({ bytes: utf8('  \n\t\r\n  ') }), 'empty_document'],
    ['only a byte order mark', input({ format: 'text', bytes: new Uint8Array([0xef, 0xbb, 0xbf]) }), 'empty_document'],
    ['front matter and nothing else', input({ bytes: utf8('---\ntitle: Hi\n---\n') }), 'empty_document'],
    ['a NUL byte', input({ format: 'text', bytes: new Uint8Array([0x48, 0x69, 0x00, 0x21]) }), 'binary_content'],
    ['many control characters', input({ format: 'text', bytes: new Uint8Array([1, 2, 3, 4, 0x41, 0x42, 0x43]) }), 'binary_content'],
    ['invalid UTF-8', input({ format: 'text', bytes: new Uint8Array([0x48, 0x69, 0x20, 0xc3, 0x28]) }), 'invalid_utf8'],
    ['a truncated UTF-8 sequence', input({ format: 'html', bytes: new Uint8Array([0x3c, 0x70, 0x3e, 0xe2, 0x82]) }), 'invalid_utf8'],
  ] as const)('rejects %s with code %s', async (_name, bad, code) => {
    const error = await rejection(prepareDocument(bad, fakePdf().extract));
    expect(error.code).toBe(code);
    expect(error.field).toBe('content');
    expect(error.name).toBe('KnowledgeInputError');
  });

  it('does not echo the content in its error message', async () => {
    const error = await rejection(prepareDocument(input({ bytes: utf8('password=hunter2\0') }), fakePdf().extract));
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects a "PDF" without a %PDF- header without calling the extractor', async () => {
    const pdf = fakePdf();
    const error = await rejection(prepareDocument(input({ format: 'pdf', bytes: utf8('%PS-Adobe not a pdf') }), pdf.extract));
    expect(error.code).toBe('unparseable');
    expect(pdf.calls).toHaveLength(0);
  });

  it('reports an extractor failure as unparseable', async () => {
    const pdf = fakePdf(new Error('encrypted'));
    const error = await rejection(prepareDocument(input({ format: 'pdf', bytes: utf8('%PDF-1.7 ...') }), pdf.extract));
    expect(error.code).toBe('unparseable');
    expect(pdf.calls).toHaveLength(1);
  });

  it('rejects a PDF whose pages have no text', async () => {
    const error = await rejection(prepareDocument(input({ format: 'pdf', bytes: utf8('%PDF-1.4') }), fakePdf(['', '  ']).extract));
    expect(error.code).toBe('empty_document');
  });
});

describe('prepareDocument: PDFs', () => {
  it('passes the bytes to the extractor and makes a section per page', async () => {
    const bytes = utf8('%PDF-1.7 binary-ish');
    const pdf = fakePdf();
    const { document, chunks } = await prepareDocument(input({ id: 'manuals/quick-start.pdf', format: 'pdf', bytes }), pdf.extract);
    expect(pdf.calls).toEqual([bytes]);
    expect(document.title).toBe('Quick start');
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
      [['Quick start', 'Page 1'], 'page one text'],
      [['Quick start', 'Page 2'], 'page two text'],
    ]);
  });
});

describe('prepareDocument: PDFs where no PDF library runs (the Worker)', () => {
  it('refuses a raw PDF with the command that ingests it', async () => {
    const error = await rejection(prepareDocument(input({ format: 'pdf', bytes: utf8('%PDF-1.7 binary-ish') }), null));
    expect(error.code).toBe('pdf_needs_ingest');
    expect(error.message).toContain('npm run ingest -- file.pdf');
  });

  it('indexes a text layer extracted before upload, a section per page, and hashes what it indexes', async () => {
    const bytes = utf8(joinPdfPages(['page one text', 'page two\fwith a stray form feed']));
    const source = input({ id: 'manuals/quick-start.pdf', format: 'pdf', bytes, textLayer: true });
    const { document, chunks } = await prepareDocument(source, null);
    expect(document).toMatchObject({ format: 'pdf', contentHash: await contentHashOf(source), bytes: bytes.length });
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
      [['Quick start', 'Page 1'], 'page one text'],
      [['Quick start', 'Page 2'], 'page two\nwith a stray form feed'],
    ]);
  });

  it('refuses a text layer without text, or one that is not UTF-8', async () => {
    expect((await rejection(prepareDocument(input({ format: 'pdf', bytes: utf8(joinPdfPages(['', ' '])), textLayer: true }), null))).code).toBe('empty_document');
    expect((await rejection(prepareDocument(input({ format: 'pdf', bytes: new Uint8Array([0x48, 0xc3, 0x28]), textLayer: true }), null))).code).toBe('invalid_utf8');
  });
});

describe('prepareDocument: text and titles', () => {
  it('strips a byte order mark and normalises CRLF line endings', async () => {
    const { document, chunks } = await prepareDocument(input({ bytes: utf8('\uFEFF# Title\r\n\r\nLine one\r\nline two.') }), fakePdf().extract);
    expect(document.title).toBe('Title');
    expect(chunks.map((chunk) => chunk.text)).toEqual(['Line one\nline two.']);
  });

  it('prefers the input title, then the parsed title, then one made from the id', async () => {
    const bytes = utf8('---\ntitle: Front Matter Title\n---\nText.');
    expect((await prepareDocument(input({ title: '  Given Title ', bytes }), fakePdf().extract)).document.title).toBe('Given Title');
    expect((await prepareDocument(input({ title: '   ', bytes }), fakePdf().extract)).document.title).toBe('Front Matter Title');
    expect((await prepareDocument(input({ bytes: utf8('Text only.') }), fakePdf().extract)).document.title).toBe('Summer hours');
  });

  it('uses the title as the head of every heading path and on every chunk', async () => {
    const { chunks } = await prepareDocument(input({ title: 'Perks', bytes: utf8('# Perks\n\nIntro.\n\n## Gym\n\nFree.') }), fakePdf().extract);
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([['Perks'], ['Perks', 'Gym']]);
    expect(new Set(chunks.map((chunk) => chunk.title))).toEqual(new Set(['Perks']));
  });

  it.each([
    ['docs/summer-hours.md', 'Summer hours'],
    ['guides\\time_off__policy.txt', 'Time off policy'],
    ['https://example.com/help/billing-faq.html', 'Billing faq'],
    ['README', 'README'],
    ['folder/', 'Folder'],
  ])('titleFromId(%j) is %j', (id, title) => {
    expect(titleFromId(id)).toBe(title);
  });
});

describe('prepareDocument: document and chunks', () => {
  it('describes the document it prepared', async () => {
    const source = input({ url: 'https://docs.example.com/summer-hours', tags: ['hr'], format: 'markdown' });
    const { document, chunks } = await prepareDocument(source, fakePdf().extract);
    expect(document).toMatchObject({
      id: 'docs/summer-hours.md',
      title: 'Summer Hours',
      url: 'https://docs.example.com/summer-hours',
      audience: 'internal',
      tags: ['hr'],
      format: 'markdown',
      chunkCount: chunks.length,
      bytes: source.bytes.length,
      contentHash: await contentHashOf(source),
    });
    expect(Number.isNaN(Date.parse(document.updatedAt))).toBe(false);
    expect((await prepareDocument(input(), fakePdf().extract)).document.url).toBeNull();
  });

  it('gives chunks their document id, audience and ordinals in order', async () => {
    const bytes = utf8('## A\n\nAlpha.\n\n## B\n\nBeta.\n\n## C\n\nGamma.');
    const { chunks } = await prepareDocument(input({ audience: 'public', bytes }), fakePdf().extract);
    expect(chunks.map((chunk) => [chunk.ordinal, chunk.documentId, chunk.audience])).toEqual([
      [0, 'docs/summer-hours.md', 'public'],
      [1, 'docs/summer-hours.md', 'public'],
      [2, 'docs/summer-hours.md', 'public'],
    ]);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(3);
  });

  it('gives identical input identical chunk ids', async () => {
    const first = await prepareDocument(input(), fakePdf().extract);
    const second = await prepareDocument(input(), fakePdf().extract);
    expect(second.chunks.map((chunk) => chunk.id)).toEqual(first.chunks.map((chunk) => chunk.id));
  });

  it('gives new chunk ids when the content or the document id changes', async () => {
    const before = (await prepareDocument(input(), fakePdf().extract)).chunks[0]!.id;
    const edited = (await prepareDocument(input({ bytes: utf8('# Summer Hours\n\nFridays end at 2pm.') }), fakePdf().extract)).chunks[0]!.id;
    const moved = (await prepareDocument(input({ id: 'docs/other.md' }), fakePdf().extract)).chunks[0]!.id;
    expect(edited).not.toBe(before);
    expect(moved).not.toBe(before);
  });

  it('merges the caller\'s tags with front matter tags, trimmed and without duplicates', async () => {
    const bytes = utf8('---\ntags: [faq, plans, " billing "]\n---\nText.');
    const { document } = await prepareDocument(input({ tags: ['billing', ' faq ', ''], bytes }), fakePdf().extract);
    expect(document.tags).toEqual(['billing', 'faq', 'plans']);
  });
});

describe('contentHashOf', () => {
  it('is a hex SHA-256 and stable for equal input', async () => {
    const hash = await contentHashOf(input());
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await contentHashOf(input())).toBe(hash);
  });

  it.each<[string, Partial<DocumentInput>]>([
    ['audience', { audience: 'public' }],
    ['url', { url: 'https://docs.example.com/x' }],
    ['tags', { tags: ['hr'] }],
    ['format', { format: 'text' }],
    ['title', { title: 'Other' }],
    ['bytes', { bytes: utf8('# Summer Hours\n\nFridays end at 2pm.') }],
  ])('changes when the %s changes', async (_field, change) => {
    expect(await contentHashOf(input(change))).not.toBe(await contentHashOf(input()));
  });

  it('does not depend on the order of the tags', async () => {
    expect(await contentHashOf(input({ tags: ['b', 'a'] }))).toBe(await contentHashOf(input({ tags: ['a', 'b'] })));
  });
});
