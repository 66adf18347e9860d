import type { AnyNode } from 'domhandler';
import { isElement, parseHtmlDocument } from '../html-blocks';
import { canonicalUrl } from './canonical-url';

export interface PageLinks {
  /** The page's own <link rel="canonical">, resolved, if it names one. */
  canonical: string | null;
  /** Links to follow (resolved and canonical); `rel="nofollow"` links are left out. */
  links: string[];
  /** `<meta name="robots" content="noindex">`: the site asks for the page not to be indexed. */
  noindex: boolean;
  /** Nor its links followed. */
  nofollow: boolean;
}

/** What a crawler needs from a page: where it says it lives and where it links to. */
export function pageLinks(html: string, pageUrl: string): PageLinks {
  const result: PageLinks = { canonical: null, links: [], noindex: false, nofollow: false };
  let base = pageUrl;
  const links = new Set<string>();
  const visit = (nodes: AnyNode[]) => {
    for (const node of nodes) {
      if (!isElement(node)) continue;
      const attributes = node.attribs;
      const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
      if (node.name === 'base' && attributes.href) base = canonicalUrl(attributes.href, pageUrl) ?? base;
      if (node.name === 'link' && rel.includes('canonical') && attributes.href) result.canonical ??= canonicalUrl(attributes.href, base);
      if (node.name === 'meta' && (attributes.name ?? '').toLowerCase() === 'robots') {
        const content = (attributes.content ?? '').toLowerCase();
        result.noindex ||= /\b(noindex|none)\b/.test(content);
        result.nofollow ||= /\b(nofollow|none)\b/.test(content);
      }
      if (node.name === 'a' && attributes.href && !rel.includes('nofollow')) {
        const url = canonicalUrl(attributes.href, base);
        if (url) links.add(url);
      }
      visit(node.children);
    }
  };
  visit(parseHtmlDocument(html));
  result.links = result.nofollow ? [] : [...links];
  return result;
}
