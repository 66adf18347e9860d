import type { Block, ParsedDocument } from './blocks';

/** Plain text: paragraphs separated by blank lines; no headings to find. */
export function parseText(source: string): ParsedDocument {
  const blocks: Block[] = source
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .map((text) => ({ kind: 'paragraph', text }));
  return { title: null, tags: [], blocks };
}

/** A PDF's text layer, one string per page; each page becomes a section. */
export function parsePdfPages(pages: string[]): ParsedDocument {
  const blocks: Block[] = [];
  pages.forEach((page, index) => {
    const paragraphs = parseText(page).blocks;
    if (paragraphs.length === 0) return;
    blocks.push({ kind: 'heading', level: 2, text: `Page ${index + 1}` }, ...paragraphs);
  });
  return { title: null, tags: [], blocks };
}
