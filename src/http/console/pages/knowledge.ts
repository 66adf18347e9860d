import { Hono } from 'hono';
import { searchKnowledge } from '../../../domain/knowledge/search-knowledge';
import { audit } from '../audit';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { checkForm, field, formOf } from '../csrf';
import { uploadForm, uploadRoutes } from './knowledge-upload';
import { html, link, time } from '../html';
import { csrfField, messagePage, notice, page } from '../layout';
import { sourcesSection } from './knowledge-sources';

export const knowledgeRoutes = new Hono<ConsoleEnv>();
knowledgeRoutes.route('/', uploadRoutes);

knowledgeRoutes.get('/knowledge', loadSession, requireRole('reviewer'), async (c) => {
  const documents = await c.get('wiring').knowledge.list();
  const user = c.get('user')!;
  const admin = user.role === 'admin';
  const done = c.req.query('done');
  const id = c.req.query('id') ?? '';
  const counts = { internal: 0, public: 0 };
  for (const document of documents) counts[document.audience]++;
  return page(c, {
    title: 'Knowledge',
    body: html`
      ${notice('ok', doneNotice(done, id, documents))}
      ${searchForm('', 'public')}
      <p class="muted">${documents.length} documents: ${counts.internal} internal (employees only), ${counts.public} public.</p>
      <table class="list">
        <thead><tr><th>Document</th><th>Audience</th><th>Format</th><th>Chunks</th><th>Bytes</th><th>Updated</th>${admin ? html`<th></th>` : ''}</tr></thead>
        <tbody>${documents.map((document) => html`<tr>
          <td>${link(document.url, document.title)}<br><code class="muted">${document.id}</code></td>
          <td><span class="badge ${document.audience}">${document.audience}</span></td>
          <td>${document.format}</td><td>${document.chunkCount}</td><td>${document.bytes}</td><td>${time(document.updatedAt)}</td>
          ${admin ? html`<td><a href="/admin/knowledge/delete?id=${encodeURIComponent(document.id)}">Delete…</a></td>` : ''}
        </tr>`)}</tbody>
      </table>
      ${admin ? uploadForm(user.csrf) : html`<p class="muted">Only admins can upload or delete documents.</p>`}
      ${await sourcesSection(c.env, admin, user.csrf, done)}`,
  });
});

knowledgeRoutes.get('/knowledge/search', loadSession, requireRole('reviewer'), async (c) => {
  const text = (c.req.query('q') ?? '').trim().slice(0, 500);
  const audience = c.req.query('audience') === 'internal' ? 'internal' : 'public';
  const result = text ? await searchKnowledge(c.get('wiring').search, { text, audience, k: 10 }) : null;
  return page(c, {
    title: 'Search the knowledge base',
    body: html`
      ${searchForm(text, audience)}
      ${result
        ? html`<p class="muted">${result.hits.length} passages a${audience === 'internal' ? 'n employee' : ' customer'} would see · ${result.mode}${result.notes.length ? ` · ${result.notes.join('; ')}` : ''}</p>
          <ol class="sources">${result.hits.map((hit) => html`<li>
            ${link(hit.url, hit.chunk.title)} <span class="badge ${hit.chunk.audience}">${hit.chunk.audience}</span> <span class="muted">score ${hit.score.toFixed(3)} · ${hit.chunk.headingPath.slice(1).join(' › ')}</span>
            <p class="passage">${hit.chunk.text}</p></li>`)}</ol>`
        : ''}`,
  });
});

knowledgeRoutes.get('/knowledge/delete', loadSession, requireRole('admin'), async (c) => {
  const document = await c.get('wiring').knowledge.get(c.req.query('id') ?? '');
  if (!document) return messagePage(c, 404, 'Not found', 'No document with that id.');
  return page(c, {
    title: 'Delete a document',
    body: html`<p>Delete <strong>${document.title}</strong> (<code>${document.id}</code>, ${document.audience}, ${document.chunkCount} chunks)? It stops being searchable at once; drafts that cited it keep their copy of the passages.</p>
      <form method="post" action="/admin/knowledge/delete" class="inline">
        ${csrfField(c.get('user')!.csrf)}<input type="hidden" name="id" value="${document.id}">
        <button type="submit" class="reject">Delete</button> <a href="/admin/knowledge">Cancel</a>
      </form>`,
  });
});

knowledgeRoutes.post('/knowledge/delete', loadSession, requireRole('admin'), checkForm(), async (c) => {
  const id = field(await formOf(c), 'id');
  if (!(await c.get('wiring').knowledge.delete(id))) return messagePage(c, 404, 'Not found', 'No document with that id (already deleted?).');
  await audit(c.env, { actor: c.get('user')!.actor, action: 'knowledge-deleted', subject: id, details: {} });
  return c.redirect(`/admin/knowledge?done=deleted&id=${encodeURIComponent(id)}`, 303);
});

function searchForm(text: string, audience: 'internal' | 'public') {
  return html`<form method="get" action="/admin/knowledge/search" class="filters">
    <label>Search <input name="q" value="${text}" required maxlength="500"></label>
    <label>As <select name="audience">
      <option value="public"${audience === 'public' ? ' selected' : ''}>a customer (public only)</option>
      <option value="internal"${audience === 'internal' ? ' selected' : ''}>an employee (internal and public)</option>
    </select></label>
    <button type="submit">Search</button>
  </form>`;
}

/** The notice after an upload or delete, only when the stored documents agree with the link that asks for it. */
function doneNotice(done: string | undefined, id: string | undefined, documents: { id: string }[]): string | null {
  if (!done || !id) return null;
  const stored = documents.some((document) => document.id === id);
  if ((done === 'added' || done === 'updated' || done === 'unchanged') && stored) return `Document "${id}" ${done}.`;
  return done === 'deleted' && !stored ? `Document "${id}" deleted.` : null;
}
