import type { AnyNode } from 'domhandler';
import type { ParsedDocument } from './blocks';
import { findFirst, inlineText, isElement, nodeBlocks, parseHtmlDocument } from './html-blocks';
import { tidyText } from './inline-text';

/**
 * HTML to blocks: the page's main text only, read with a real HTML parser
 * (every named entity decoded; attributes never leak into the text). The main
 * region is <main>, else the role="main" element, else the one <article>,
 * else <body>; inside it, site chrome (navigation, page header, footer,
 * sidebars, cookie banners, scripts, styles) is dropped however deep it sits.
 */
export function parseHtml(source: string): ParsedDocument {
  const nodes = parseHtmlDocument(source);
  const titleElement = findFirst(nodes, (element) => element.name === 'title', true);
  const pageTitle = titleElement ? tidyText(inlineText(titleElement.children)).replace(/\n/g, ' ') || null : null;
  const confluence = confluencePage(nodes, pageTitle);
  if (confluence) return confluence;
  const blocks = nodeBlocks(mainRegion(nodes));
  const firstH1 = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  return { title: firstH1?.text ?? pageTitle, tags: [], blocks };
}

/**
 * A page of a Confluence space HTML export: the text is #main-content (so the
 * breadcrumbs, the "Created by" line, the attachment list and the footer
 * around it are left out), and the title drops the "Space name : " prefix
 * Confluence puts before every page title.
 */
function confluencePage(nodes: AnyNode[], pageTitle: string | null): ParsedDocument | null {
  const content = findFirst(nodes, (element) => element.attribs.id === 'main-content' && /\bwiki-content\b/.test(element.attribs.class ?? ''));
  if (!content) return null;
  const heading = findFirst(nodes, (element) => element.attribs.id === 'title-text') ?? findFirst(nodes, (element) => element.name === 'title', true);
  // Read raw: tidying would close the " : " that tells the space name from the title.
  const full = heading ? inlineText(heading.children).replace(/\s+/g, ' ').trim() : '';
  const title = full.replace(/^.*?\S +: +/, '').trim() || pageTitle;
  return { title, tags: [], blocks: nodeBlocks(content.children) };
}

function mainRegion(nodes: AnyNode[]): AnyNode[] {
  const main = findFirst(nodes, (element) => element.name === 'main') ?? findFirst(nodes, (element) => element.attribs.role === 'main');
  if (main) return main.children;
  const articles: AnyNode[] = [];
  const collect = (list: AnyNode[]) => {
    for (const node of list) if (isElement(node)) node.name === 'article' ? articles.push(node) : collect(node.children);
  };
  collect(nodes);
  // One article is the page's content; several (a blog index) are all of it.
  if (articles.length === 1) return articles;
  const body = findFirst(nodes, (element) => element.name === 'body');
  return body ? body.children : nodes;
}
