import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatOf, type SourceFile } from './collect-files';

/** Notion names every exported page "Title <32 hex digits>", folders included. */
const NOTION_ID = / [0-9a-f]{32}(?=\.[^./]+$|$)/i;

/** "Wiki 0123…cdef/Onboarding 89ab…4567.md" becomes "Wiki/Onboarding.md". */
export function withoutNotionIds(relative: string): string {
  return relative
    .split('/')
    .map((segment) => segment.replace(NOTION_ID, ''))
    .join('/');
}

/**
 * A Notion "Markdown & CSV" export: document ids (and so titles derived from
 * file names) lose the ids Notion appends; two pages that would then share an
 * id keep theirs, so neither replaces the other.
 */
export function cleanNotionIds(files: SourceFile[]): SourceFile[] {
  if (!files.some((file) => NOTION_ID.test(file.relative.split('/').pop() ?? ''))) return files;
  const taken = new Set<string>();
  return files.map((file) => {
    const clean = withoutNotionIds(file.relative);
    if (taken.has(clean)) return file;
    taken.add(clean);
    return { ...file, relative: clean };
  });
}

/**
 * The pages a Notion page links to inside its export (relative, URL-encoded
 * links to .md files), followed transitively: naming the top page of an
 * export syncs the pages under it. Any other file is just itself.
 */
export async function followNotionLinks(start: SourceFile): Promise<SourceFile[]> {
  if (!NOTION_ID.test(path.basename(start.absolute))) return [start];
  const root = path.dirname(start.absolute);
  const found = new Map<string, SourceFile>([[start.absolute, start]]);
  const queue = [start];
  for (let file = queue.shift(); file; file = queue.shift()) {
    if (file.format !== 'markdown') continue;
    const text = await readFile(file.absolute, 'utf8');
    for (const match of text.matchAll(/\]\(([^)\s]+\.md)\)/g)) {
      let target: string;
      try {
        target = decodeURIComponent(match[1]!);
      } catch {
        continue;
      }
      if (/^[a-z]+:/i.test(target)) continue;
      const absolute = path.resolve(path.dirname(file.absolute), target);
      // Only inside the export: a link may not lead the sync elsewhere on disk.
      if (!absolute.startsWith(`${root}${path.sep}`) || found.has(absolute)) continue;
      if (!(await stat(absolute).catch(() => null))?.isFile()) continue;
      const format = formatOf(absolute);
      if (!format) continue;
      const linked = { absolute, relative: path.relative(root, absolute).split(path.sep).join('/'), format };
      found.set(absolute, linked);
      queue.push(linked);
    }
  }
  return [...found.values()];
}
