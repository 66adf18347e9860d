import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';

export interface Sitemap {
  /** Child sitemaps of a sitemap index. */
  sitemaps: string[];
  /** Page URLs of a URL set. */
  pages: string[];
}

/** A sitemap or sitemap index (sitemaps.org protocol) to its <loc> URLs. */
export function parseSitemap(xml: string): Sitemap {
  const sitemap: Sitemap = { sitemaps: [], pages: [] };
  const visit = (nodes: AnyNode[], parent: string | null) => {
    for (const node of nodes) {
      if (node.type !== 'tag') continue;
      const element = node as Element;
      const name = element.name.replace(/^.*:/, '').toLowerCase();
      if (name === 'loc') {
        const loc = textOf(element).trim();
        if (loc && parent === 'sitemap') sitemap.sitemaps.push(loc);
        else if (loc && parent === 'url') sitemap.pages.push(loc);
      } else visit(element.children, name);
    }
  };
  visit(parseDocument(xml, { xmlMode: true }).children, null);
  return sitemap;
}

function textOf(element: Element): string {
  return element.children.map((child) => ('data' in child && child.type !== 'comment' ? child.data : child.type === 'tag' ? textOf(child as Element) : '')).join('');
}

/** Whether a URL or a response names a sitemap rather than a page. */
export function isSitemapUrl(url: string): boolean {
  return /\/sitemap[\w-]*\.xml(\.gz)?$|\.xml$/i.test(new URL(url).pathname);
}
