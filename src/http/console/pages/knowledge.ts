import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { KnowledgeInputError } from '../../../domain/knowledge/errors';
import { searchKnowledge } from '../../../domain/knowledge/search-knowledge';
import { ApiError } from '../../errors';
import { documentSchema, storeDocument } from '../../routes/admin-documents';
import { audit } from '../audit';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { checkForm, field, formOf } from '../csrf';
import { html, link, time } from '../html';
import { csrfField, messagePage, notice, page } from '../layout';
import { sourcesSection } from './knowledge-sources';

export const knowledgeRoutes = new Hono<ConsoleEnv>();

const FORMAT_BY_EXTENSION: Record<string, string> = { md: 'markdown', mdx: 'markdown', markdown: 'markdown', txt: 'text', html: 'html', htm: 'html', pdf: 'pdf' };

knowledgeRoutes.get('/knowledge', loadSession, requireRole('reviewer'), async (c) => {
  const documents = await c.get('services').knowledge.list();
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
  const result = text ? await searchKnowledge(c.get('services').search, { text, audience, k: 10 }) : null;
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

knowledgeRoutes.post('/knowledge', loadSession, requireRole('admin'), async (c, next) => {
  // The cap is the document limit as base64 plus room for the other fields.
  return checkForm(Math.ceil(c.get('config').maxDocumentBytes * 1.4) + 64 * 1024)(c, next);
}, async (c) => {
  const form = await formOf(c);
  const user = c.get('user')!;
  const file = form.file instanceof File && form.file.size > 0 ? form.file : null;
  const pasted = field(form, 'content');
  const extension = file?.name.split('.').pop()?.toLowerCase() ?? '';
  const chosen = field(form, 'format');
  const format = chosen && chosen !== 'auto' ? chosen : file ? (FORMAT_BY_EXTENSION[extension] ?? 'text') : 'markdown';
  const candidate = {
    id: field(form, 'id').trim() || file?.name || '',
    audience: field(form, 'audience'),
    format,
    tags: field(form, 'tags').split(',').map((tag) => tag.trim()).filter(Boolean),
    ...(field(form, 'title').trim() ? { title: field(form, 'title') } : {}),
    ...(field(form, 'url').trim() ? { url: field(form, 'url').trim() } : {}),
    ...(file ? { contentBase64: toBase64(new Uint8Array(await file.arrayBuffer())) } : { content: pasted }),
  };
  const parsed = documentSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return uploadError(c, `${issue?.path.join('.') || 'form'}: ${issue?.message ?? 'invalid'}`, 400);
  }
  try {
    const { outcome, document } = await storeDocument(c.get('services').knowledge, parsed.data, c.get('config').maxDocumentBytes);
    await audit(c.env, { actor: user.actor, action: 'knowledge-uploaded', subject: document.id, details: { outcome, audience: document.audience, format: document.format, chunks: document.chunkCount, bytes: document.bytes } });
    return c.redirect(`/admin/knowledge?done=${outcome}&id=${encodeURIComponent(document.id)}`, 303);
  } catch (error) {
    if (error instanceof KnowledgeInputError) return uploadError(c, error.message, error.code === 'too_large' ? 413 : 400);
    if (error instanceof ApiError || error instanceof HTTPException) return uploadError(c, error.message, error.status === 413 ? 413 : 400);
    throw error;
  }
});

knowledgeRoutes.get('/knowledge/delete', loadSession, requireRole('admin'), async (c) => {
  const document = await c.get('services').knowledge.get(c.req.query('id') ?? '');
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
  if (!(await c.get('services').knowledge.delete(id))) return messagePage(c, 404, 'Not found', 'No document with that id (already deleted?).');
  await audit(c.env, { actor: c.get('user')!.actor, action: 'knowledge-deleted', subject: id, details: {} });
  return c.redirect(`/admin/knowledge?done=deleted&id=${encodeURIComponent(id)}`, 303);
});

function uploadError(c: Parameters<typeof page>[0], message: string, status: 400 | 413): Response {
  return page(c, { title: 'Upload refused', status, body: html`${notice('error', message)}<p>Nothing was changed. <a href="/admin/knowledge">Back to the knowledge base</a></p>` });
}

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

function uploadForm(csrf: string) {
  return html`<section><h2>Upload</h2>
    <form method="post" action="/admin/knowledge" enctype="multipart/form-data" class="stack">
      ${csrfField(csrf)}
      <label>File (Markdown, text, HTML or PDF) <input type="file" name="file" accept=".md,.mdx,.markdown,.txt,.html,.htm,.pdf"></label>
      <label>…or paste the text <textarea name="content" rows="6"></textarea></label>
      <label>Id (the file name if empty; the same id replaces the document) <input name="id" maxlength="512"></label>
      <label>Title (optional) <input name="title" maxlength="300"></label>
      <label>Link for citations (optional, http/https) <input name="url" type="url" maxlength="2048"></label>
      <label>Audience <select name="audience" required><option value="public">public (customers and employees)</option><option value="internal">internal (employees only)</option></select></label>
      <label>Format <select name="format"><option value="auto">from the file name (pasted: Markdown)</option><option value="markdown">Markdown</option><option value="text">text</option><option value="html">HTML</option><option value="pdf">PDF</option></select></label>
      <label>Tags (comma-separated, optional) <input name="tags" maxlength="500"></label>
      <button type="submit">Upload</button>
    </form></section>`;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}

/** The notice after an upload or delete, only when the stored documents agree with the link that asks for it. */
function doneNotice(done: string | undefined, id: string | undefined, documents: { id: string }[]): string | null {
  if (!done || !id) return null;
  const stored = documents.some((document) => document.id === id);
  if ((done === 'added' || done === 'updated' || done === 'unchanged') && stored) return `Document "${id}" ${done}.`;
  return done === 'deleted' && !stored ? `Document "${id}" deleted.` : null;
}
