import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentFormat } from '../../src/domain/knowledge/types';
import { cleanNotionIds, followNotionLinks } from './notion-export';

const FORMATS: Record<string, DocumentFormat> = {
  '.md': 'markdown',
  '.mdx': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
};

export function formatOf(file: string): DocumentFormat | null {
  return FORMATS[path.extname(file).toLowerCase()] ?? null;
}

export interface SourceFile {
  /** Absolute path on disk. */
  absolute: string;
  /** Path relative to the folder it was found in (POSIX separators): the document id's tail. */
  relative: string;
  format: DocumentFormat;
}

/**
 * The documents named by the command line: files as given, folders walked
 * recursively (hidden entries and node_modules skipped). Files in a folder
 * with an unknown extension are reported as skipped; a file named explicitly
 * with an unknown extension is an error.
 */
export async function collectFiles(inputs: string[], exclude: string[] = []): Promise<{ files: SourceFile[]; skipped: string[] }> {
  const files: SourceFile[] = [];
  const skipped: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(input);
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new Error(`no such file or folder: ${input}`);
    if (info.isFile()) {
      const format = formatOf(absolute);
      if (!format) throw new Error(`unsupported file type: ${input} (supported: ${Object.keys(FORMATS).join(' ')})`);
      // A Notion page named on its own brings the pages it links to in its export.
      files.push(...(await followNotionLinks({ absolute, relative: path.basename(absolute), format })));
      continue;
    }
    for (const relative of await walk(absolute)) {
      if (exclude.includes(relative)) continue;
      const format = formatOf(relative);
      if (format) files.push({ absolute: path.join(absolute, relative), relative, format });
      else skipped.push(path.join(input, relative));
    }
  }
  return { files: cleanNotionIds(files), skipped };
}

async function walk(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await walk(root, relative)));
    else if (entry.isFile()) found.push(relative);
  }
  return found;
}

/** Docs sites drop the extension and serve folder/index pages at the folder. */
export function sourceUrl(baseUrl: string, relative: string): string {
  const withoutExtension = relative.replace(/\.(md|mdx|markdown|html?|txt)$/i, '').replace(/(^|\/)index$/i, '$1');
  return new URL(withoutExtension, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}
