import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitPdfPages } from '../../src/domain/knowledge/pdf-text';
import { makePdf } from '../../test/support/make-pdf';
import { readDocumentFile, UnreadablePdfError } from './extract-pdf';

describe('readDocumentFile', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'countersign-pdf-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('extracts a real PDF page by page (unpdf in Node) into the text the Worker hashes', async () => {
    const file = path.join(folder, 'it.pdf');
    await writeFile(file, makePdf(['Laptops are refreshed every three years.', 'Lost badges cost ten euros (or more) to replace.']));
    const { bytes, pages } = await readDocumentFile({ absolute: file, relative: 'it.pdf', format: 'pdf' });
    expect(pages).toEqual(['Laptops are refreshed every three years.', 'Lost badges cost ten euros (or more) to replace.']);
    expect(splitPdfPages(new TextDecoder().decode(bytes))).toEqual(pages);
  });

  it('refuses a damaged PDF before anything is uploaded', async () => {
    const file = path.join(folder, 'broken.pdf');
    await writeFile(file, '%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage');
    await expect(readDocumentFile({ absolute: file, relative: 'broken.pdf', format: 'pdf' })).rejects.toBeInstanceOf(UnreadablePdfError);
  });

  it('passes other formats through as their bytes', async () => {
    const file = path.join(folder, 'a.md');
    await writeFile(file, '# A\nText.');
    expect(await readDocumentFile({ absolute: file, relative: 'a.md', format: 'markdown' })).toEqual({ bytes: new TextEncoder().encode('# A\nText.') });
  });
});
