import { Hono } from 'hono';
import { type KbPage, readKbPage } from '../../adapters/d1/d1-kb-pages';
import { headingSlug } from '../../domain/knowledge/kb-link';
import type { AppEnv } from '../app-env';
import { html, type SafeHtml } from '../console/html';

/**
 * Read-only pages of the knowledge base for citations without a URL of
 * their own (`/kb/<document id>#<section>`, built by kbPath). Public
 * documents only: this is what customers open from the widget, so an
 * internal document answers exactly as a missing one does.
 */
export const kbRoutes = new Hono<AppEnv>();

const HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // A document moved to internal must not linger in a cache.
  'Cache-Control': 'no-cache',
};

kbRoutes.get('/*', async (c) => {
  let id = '';
  try {
    id = c.req.path.slice('/kb/'.length).split('/').map(decodeURIComponent).join('/');
  } catch {}
  const found = id && id.length <= 1024 ? await readKbPage(c.env.DB, id, ['public']) : null;
  if (!found) return c.html(shell('Not found', html`<h1>Not found</h1><p>There is no such help article.</p>`), 404, HEADERS);
  return c.html(shell(found.title, articleHtml(found)), 200, HEADERS);
});

function shell(title: string, body: SafeHtml): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><link rel="stylesheet" href="/console.css"></head><body><main class="kb">${body}</main></body></html>`.value;
}

/** Headings where a chunk's path first differs from the previous one's; each with its slug as the anchor (repeats get -2, -3). */
export function articleHtml(page: KbPage): SafeHtml {
  const used = new Map<string, number>();
  const parts: SafeHtml[] = [];
  let previous: { headingPath: string[]; text: string } | null = null;
  for (const chunk of page.chunks) {
    const path = chunk.headingPath;
    let from = 1;
    while (previous && from < path.length && previous.headingPath[from] === path[from]) from++;
    for (let depth = from; depth < path.length; depth++) {
      const slug = headingSlug(path[depth]!);
      const seen = (used.get(slug) ?? 0) + 1;
      used.set(slug, seen);
      const tag = `h${Math.min(depth + 1, 6)}`;
      parts.push(html`<${tag} id="${seen > 1 ? `${slug}-${seen}` : slug}">${path[depth]}</${tag}>`);
    }
    let paragraphs = chunk.text.split('\n\n');
    // A long section's chunks repeat the previous chunk's last sentences: shown once.
    if (previous && sameSection(previous.headingPath, path) && paragraphs.length > 1 && previous.text.endsWith(paragraphs[0]!)) paragraphs = paragraphs.slice(1);
    for (const paragraph of paragraphs) parts.push(html`<p>${paragraph}</p>`);
    previous = chunk;
  }
  return html`<h1>${page.title}</h1>${parts}`;
}

function sameSection(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((heading, index) => heading === b[index]);
}
