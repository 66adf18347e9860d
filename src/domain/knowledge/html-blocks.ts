import type { AnyNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { Block } from './blocks';
import { INVISIBLE_ELEMENTS, tidyText } from './inline-text';

/** Site chrome by element name: never the page's own text. */
const CHROME_ELEMENTS = new Set(['nav', 'footer', 'aside', 'form', 'dialog', 'button', 'select', 'input', 'textarea', 'menu']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'dialog', 'alertdialog', 'complementary', 'menu', 'menubar']);
/** Words in an id or class that mark chrome: cookie banners, breadcrumbs, sidebars, share bars. */
const CHROME_NAME = /(?:^|[\s_-])(cookies?|consent|gdpr|breadcrumbs?|sidebar|navbar|skip-link|share|social|footer)(?:$|[\s_-])/i;
/** Containers that are the content itself; a class word on them is no sign of chrome. */
const CONTENT_ELEMENTS = new Set(['html', 'body', 'main', 'article']);
const BLOCK_ELEMENTS = new Set([
  'p', 'div', 'section', 'blockquote', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'article', 'main', 'details', 'summary',
  'header', 'address', 'center', 'fieldset', 'hr', 'body', 'html',
]);

/** Parses HTML with a real (spec-tolerant) parser; entities are decoded, attributes never leak. */
export function parseHtmlDocument(html: string): AnyNode[] {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).children;
}

/** A fragment of HTML (inside Markdown, or a page's main region) to blocks, chrome dropped. */
export function htmlFragmentBlocks(html: string): Block[] {
  return nodeBlocks(parseHtmlDocument(html));
}

export function nodeBlocks(nodes: AnyNode[]): Block[] {
  const walker = new BlockWalker();
  walker.walk(nodes);
  walker.flush();
  return walker.blocks;
}

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Whether an element is site chrome or invisible, so nothing inside it is read. */
export function isChrome(element: Element): boolean {
  const name = element.name;
  if (INVISIBLE_ELEMENTS.has(name) || CHROME_ELEMENTS.has(name)) return true;
  const attributes = element.attribs;
  if ('hidden' in attributes || attributes['aria-hidden'] === 'true') return true;
  if (CHROME_ROLES.has((attributes.role ?? '').toLowerCase())) return true;
  // A page header is chrome unless it holds the page's heading (article headers do).
  if (name === 'header' && !findFirst(element.children, (node) => node.name === 'h1')) return true;
  if (CONTENT_ELEMENTS.has(name)) return false;
  return CHROME_NAME.test(attributes.id ?? '') || CHROME_NAME.test(attributes.class ?? '');
}

/** Depth-first search for the first element that matches, skipping chrome unless told to look inside it. */
export function findFirst(nodes: AnyNode[], test: (element: Element) => boolean, throughChrome = false): Element | null {
  for (const node of nodes) {
    if (!isElement(node)) continue;
    if (test(node)) return node;
    if (!throughChrome && isChrome(node)) continue;
    const found = findFirst(node.children, test, throughChrome);
    if (found) return found;
  }
  return null;
}

/** All reader text under the nodes, on one line per <br>; no block structure. */
export function inlineText(nodes: AnyNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += node.data.replace(/\s+/g, ' ');
    else if (isElement(node) && !isChrome(node)) text += node.name === 'br' ? '\n' : BLOCK_ELEMENTS.has(node.name) ? ` ${inlineText(node.children)} ` : inlineText(node.children);
  }
  return text;
}

function preText(nodes: AnyNode[]): string {
  return nodes.map((node) => (node.type === 'text' ? node.data : isElement(node) ? (node.name === 'br' ? '\n' : preText(node.children)) : '')).join('');
}

class BlockWalker {
  readonly blocks: Block[] = [];
  private buffer = '';
  private listDepth = 0;

  walk(nodes: AnyNode[]): void {
    for (const node of nodes) {
      if (node.type === 'text') this.buffer += node.data.replace(/\s+/g, ' ');
      else if (isElement(node) && !isChrome(node)) this.element(node);
    }
  }

  flush(): void {
    const text = tidyText(this.buffer);
    this.buffer = '';
    if (text) this.blocks.push({ kind: 'paragraph', text });
  }

  private element(element: Element): void {
    const name = element.name;
    const heading = /^h([1-6])$/.exec(name);
    if (heading) {
      this.flush();
      const text = tidyText(inlineText(element.children)).replace(/\n/g, ' ');
      if (text) this.blocks.push({ kind: 'heading', level: Number(heading[1]), text });
    } else if (name === 'pre') {
      this.flush();
      const text = preText(element.children).replace(/^\n+|\s+$/g, '');
      if (text.trim()) this.blocks.push({ kind: 'code', text: `\`\`\`\n${text}\n\`\`\`` });
    } else if (name === 'table') {
      this.flush();
      const rows = tableRows(element).filter((row) => row.some(Boolean));
      if (rows.length > 0) this.blocks.push({ kind: 'table', text: rows.map((row) => `| ${row.join(' | ')} |`).join('\n') });
    } else if (name === 'ul' || name === 'ol') {
      if (this.listDepth === 0) this.flush();
      this.listDepth++;
      this.walk(element.children);
      this.listDepth--;
      if (this.listDepth === 0) this.flush();
    } else if (name === 'li') {
      this.buffer += `\n${'  '.repeat(Math.max(0, this.listDepth - 1))}- `;
      this.walk(element.children);
    } else if (name === 'br') {
      this.buffer += '\n';
    } else if (BLOCK_ELEMENTS.has(name)) {
      // Inside a list, a paragraph is part of its item; elsewhere it is a block of its own.
      if (this.listDepth > 0) this.buffer += ' ';
      else this.flush();
      this.walk(element.children);
      if (this.listDepth === 0) this.flush();
    } else {
      this.walk(element.children);
    }
  }
}

/** A table's rows of cell text, through thead/tbody/tfoot, not into nested tables. */
function tableRows(table: Element): string[][] {
  const rows: string[][] = [];
  const visit = (nodes: AnyNode[]) => {
    for (const node of nodes) {
      if (!isElement(node) || isChrome(node)) continue;
      if (node.name === 'tr') {
        const cells = node.children.filter((cell): cell is Element => isElement(cell) && (cell.name === 'td' || cell.name === 'th'));
        rows.push(cells.map((cell) => tidyText(inlineText(cell.children)).replace(/\n/g, ' ')));
      } else if (node.name !== 'table') visit(node.children);
    }
  };
  visit(table.children);
  return rows;
}
