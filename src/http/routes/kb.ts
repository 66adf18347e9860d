import { type Context, Hono } from 'hono';
import type { KbPage } from '../../adapters/d1/d1-kb-pages';
import { headingSlug } from '../../domain/knowledge/kb-link';
import type { AppEnv } from '../app-env';
import type { ConsoleEnv } from '../console/console-env';
import { html, type SafeHtml } from '../console/html';
import { messagePage, page } from '../console/layout';

/**
 * Read-only pages of the knowledge base for citations without a URL of
 * their own (`/kb/<document id>#<section>`, built by kbPath). Public
 * documents only: this is what customers open from the widget, so an
 * internal document answers exactly as a missing one does. Drawn by the
 * console's page shell (no one signed in: no nav), so it has its CSP and
 * headers, and adds almost nothing to the bundle.
 */
export const kbRoutes = new Hono<AppEnv>();

kbRoutes.get('/*', async (c) => {
  let id = '';
  try {
    id = decodeURIComponent(c.req.path.slice('/kb/'.length));
  } catch {}
  const found = id && id.length <= 1024 ? await c.get('wiring').reads.kbPages.publicPage(id) : null;
  const shell = c as unknown as Context<ConsoleEnv>;
  if (!found) return messagePage(shell, 404, 'Not found', 'There is no such help article.');
  return page(shell, { title: found.title, body: articleHtml(found) });
});

/** Headings where a chunk's path first differs from the previous one's; each with its slug as the anchor (repeats get -2, -3). */
export function articleHtml(article: KbPage): SafeHtml {
  const used = new Map<string, number>();
  const parts: SafeHtml[] = [];
  let previous: { headingPath: string[]; text: string } | null = null;
  for (const chunk of article.chunks) {
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
    const sameSection = previous && from === path.length && previous.headingPath.length === path.length;
    if (sameSection && paragraphs.length > 1 && previous!.text.endsWith(paragraphs[0]!)) paragraphs = paragraphs.slice(1);
    for (const paragraph of paragraphs) parts.push(html`<p>${paragraph}</p>`);
    previous = chunk;
  }
  return html`<article class="kb">${parts}</article>`;
}
