import type { Block, ParsedDocument } from './blocks';
import { cleanInline, dropInvisibleElements, outsideCodeSpans } from './inline-text';

/**
 * Markdown, including Docusaurus/MDX pages, to blocks. MDX is not executed:
 * imports and exports are dropped, components are reduced to the words they
 * show (their inner text and label-like attributes, such as the plan a feature
 * needs), and admonitions (`:::tip`) keep their text.
 */
export function parseMarkdown(source: string): ParsedDocument {
  const { frontMatter, body } = splitFrontMatter(source);
  const blocks = toBlocks(body);
  const firstH1 = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  const title = frontMatter.title || (firstH1 && 'text' in firstH1 ? firstH1.text : null) || null;
  return { title, tags: frontMatter.tags, blocks };
}

interface FrontMatter {
  title: string | null;
  tags: string[];
}

/** Reads the few front matter keys we use; a full YAML parser is not needed for them. */
function splitFrontMatter(source: string): { frontMatter: FrontMatter; body: string } {
  const frontMatter: FrontMatter = { title: null, tags: [] };
  const match = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(source);
  if (!match) return { frontMatter, body: source };
  const lines = match[1]!.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const pair = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(lines[index]!);
    if (!pair) continue;
    const key = pair[1]!.toLowerCase();
    const value = unquote(pair[2]!.trim());
    if (key === 'title' && value) frontMatter.title = value;
    if (key === 'tags') {
      if (value.startsWith('[')) {
        frontMatter.tags = value.slice(1, -1).split(',').map((tag) => unquote(tag.trim())).filter(Boolean);
      } else {
        // Block list form: "tags:\n  - a\n  - b"
        while (index + 1 < lines.length && /^\s*-\s+/.test(lines[index + 1]!)) {
          frontMatter.tags.push(unquote(lines[++index]!.replace(/^\s*-\s+/, '').trim()));
        }
      }
    }
  }
  return { frontMatter, body: source.slice(match[0].length) };
}

function unquote(value: string): string {
  return value.replace(/^(["'])([\s\S]*)\1$/, '$2');
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})(.*)$/;
const ATX_HEADING = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;

function toBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  const lines = body.split('\n');
  let paragraph: string[] = [];
  let prose: string[] = [];

  // Prose is cleaned as a whole, so multi-line tags and components (which
  // often span lines) are seen entire; code fences are never cleaned.
  const flushProse = () => {
    if (prose.length === 0) return;
    const cleaned = outsideCodeSpans(prose.join('\n'), dropInvisibleElements)
      .split('\n')
      .filter((line) => !/^\s*(import|export)\s.+(from\s+['"].+['"]|=.*);?\s*$/.test(line));
    prose = [];
    for (const line of cleaned) proseLine(line);
    flushParagraph();
  };

  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const isTable = paragraph.length >= 2 && paragraph.every((line) => line.trim().startsWith('|'));
    const raw = paragraph.join('\n');
    paragraph = [];
    if (isTable) {
      const rows = raw.split('\n').filter((line) => !/^\s*\|?[\s:|-]+\|?\s*$/.test(line));
      blocks.push({ kind: 'table', text: rows.map((row) => cleanInline(row)).join('\n') });
      return;
    }
    // Admonitions: ":::tip Title" and ":::note[Title]" keep their kind and title as words.
    const admonitions = raw.replace(/^\s*:::\s*(\w+)?(?:\[([^\]]*)\])?[ \t]*/gm, (_m, kind?: string, title?: string) =>
      kind ? `${capitalize(kind)}: ${title ? `${title} ` : ''}` : '',
    );
    const text = cleanInline(admonitions);
    if (text) blocks.push({ kind: 'paragraph', text });
  };

  const proseLine = (line: string) => {
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      flushParagraph();
      const text = cleanInline(heading[2]!).replace(/\s*\{#[\w-]+\}$/, '');
      if (text) blocks.push({ kind: 'heading', level: heading[1]!.length, text });
      return;
    }
    // Setext headings: a single line of text underlined with === or ---.
    if (/^\s{0,3}(=+|-+)\s*$/.test(line) && paragraph.length === 1 && !paragraph[0]!.trim().startsWith('|')) {
      const text = cleanInline(paragraph[0]!);
      paragraph = [];
      if (text) blocks.push({ kind: 'heading', level: line.trim().startsWith('=') ? 1 : 2, text });
      return;
    }
    if (line.trim() === '' || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flushParagraph();
      return;
    }
    // A table starting right after prose still begins a block of its own.
    const startsTable = line.trim().startsWith('|') && paragraph.length > 0 && !paragraph[0]!.trim().startsWith('|');
    if (startsTable) flushParagraph();
    paragraph.push(line);
  };

  for (let index = 0; index < lines.length; index++) {
    const fence = FENCE.exec(lines[index]!);
    if (!fence) {
      prose.push(lines[index]!);
      continue;
    }
    flushProse();
    const marker = fence[1]!;
    const code: string[] = [];
    // Only a bare fence at least as long as the opener closes it ("```js" inside is content).
    const closes = (line: string) => line.trim().startsWith(marker) && /^(`+|~+)$/.test(line.trim());
    while (++index < lines.length && !closes(lines[index]!)) code.push(lines[index]!);
    const text = code.join('\n').trimEnd();
    if (text.trim()) blocks.push({ kind: 'code', text: `${marker}${fence[2]!.trim()}\n${text}\n${marker}` });
  }
  flushProse();
  return blocks;
}

function capitalize(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}
