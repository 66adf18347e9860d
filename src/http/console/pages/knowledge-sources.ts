import { Hono } from 'hono';
import { ApiError } from '../../errors';
import { addSource, describeSources, removeSource, type SourceView, sourceSchema } from '../../routes/admin-sources';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { checkForm, field, formOf } from '../csrf';
import { html, link, type SafeHtml, time } from '../html';
import { csrfField, notice, page } from '../layout';
import { audienceChoice } from './knowledge-upload';
import { wiringFor } from '../../../wiring/wiring';

/** Scheduled website sources in the console: listed on the Knowledge page, added and removed by admins. */
export const knowledgeSourceRoutes = new Hono<ConsoleEnv>();

knowledgeSourceRoutes.post('/knowledge/sources', loadSession, requireRole('admin'), checkForm(), async (c) => {
  const form = await formOf(c);
  const parsed = sourceSchema.safeParse({ kind: 'sitemap', url: field(form, 'url'), audience: field(form, 'audience'), idPrefix: field(form, 'idPrefix'), every: field(form, 'every') });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refused(c, `${issue?.path.join('.') || 'form'}: ${issue?.message ?? 'invalid'}`, 400);
  }
  try {
    await addSource(c.env, parsed.data, c.get('user')!.actor);
  } catch (error) {
    if (error instanceof ApiError) return refused(c, error.message, 409);
    throw error;
  }
  return c.redirect('/admin/knowledge?done=source-added', 303);
});

knowledgeSourceRoutes.post('/knowledge/sources/delete', loadSession, requireRole('admin'), checkForm(), async (c) => {
  try {
    await removeSource(c.env, field(await formOf(c), 'id'), c.get('user')!.actor);
  } catch (error) {
    if (error instanceof ApiError) return refused(c, 'No source with that id (already removed?).', 404);
    throw error;
  }
  return c.redirect('/admin/knowledge?done=source-removed', 303);
});

function refused(c: Parameters<typeof page>[0], message: string, status: 400 | 404 | 409): Response {
  return page(c, { title: 'Source refused', status, body: html`${notice('error', message)}<p>Nothing was changed. <a href="/admin/knowledge">Back to the knowledge base</a></p>` });
}

/** The Knowledge page's section: each source with its last runs, and (for admins) the forms. */
export async function sourcesSection(env: Env, admin: boolean, csrf: string, done: string | undefined): Promise<SafeHtml> {
  const sources = await describeSources(wiringFor(env).sources);
  const message = done === 'source-added' ? 'Source added; the next cron run (within 5 minutes) starts its first crawl.' : done === 'source-removed' ? 'Source removed; the pages it indexed stay until you delete them.' : null;
  return html`<section><h2>Scheduled website sources</h2>
    ${notice('ok', message)}
    ${sources.length === 0 ? html`<p class="muted">None yet. Add a site's sitemap and the cron keeps its pages in sync on its own.</p>` : ''}
    ${sources.map((source) => sourceCard(source, admin, csrf))}
    ${admin ? addForm(csrf) : ''}
  </section>`;
}

function sourceCard(source: SourceView, admin: boolean, csrf: string): SafeHtml {
  return html`<article class="source">
    <p>${link(source.url, source.url)} <span class="badge ${source.audience}">${source.audience}</span>
      <span class="muted">every ${source.every} · id prefix <code>${source.idPrefix || '(none)'}</code> · ${source.inProgress ? `crawling: ${source.inProgress.pagesVisited} pages done, ${source.inProgress.queued} queued` : html`next crawl ${time(source.nextRunAt)}`}</span></p>
    <table class="list"><thead><tr><th>Run</th><th>Fetched</th><th>Changed</th><th>Unchanged</th><th>Failed</th><th>Removed</th><th>Notes</th></tr></thead>
      <tbody>${source.runs.map((run) => html`<tr><td>${time(run.startedAt)}</td><td>${run.fetched}</td><td>${run.changed}</td><td>${run.unchanged}</td><td>${run.failed}</td><td>${run.removed}</td>
        <td>${run.error ?? (run.cycleDone ? 'crawl complete' : 'continues next run')}${run.failures.length ? html`<details><summary>${run.failures.length} failures</summary><ul>${run.failures.map((failure) => html`<li><code>${failure.url}</code>: ${failure.reason}</li>`)}</ul></details>` : ''}</td></tr>`)}</tbody></table>
    ${admin ? html`<form method="post" action="/admin/knowledge/sources/delete" class="inline">${csrfField(csrf)}<input type="hidden" name="id" value="${source.id}"><button type="submit" class="reject">Remove source</button></form>` : ''}
  </article>`;
}

function addForm(csrf: string): SafeHtml {
  return html`<form method="post" action="/admin/knowledge/sources" class="stack">
    ${csrfField(csrf)}
    <label>Sitemap URL (a sitemap.xml or sitemap index; pages on the same site only) <input name="url" type="url" required maxlength="2048"></label>
    ${audienceChoice('')}
    <label>Id prefix (optional; a page's id is the prefix and its URL) <input name="idPrefix" maxlength="200"></label>
    <label>Every <select name="every"><option value="6h">6 hours</option><option value="1d" selected>day</option><option value="7d">week</option></select></label>
    <button type="submit">Add source</button>
  </form>`;
}
