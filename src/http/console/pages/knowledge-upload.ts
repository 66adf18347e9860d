import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodIssue } from 'zod';
import { KnowledgeInputError } from '../../../domain/knowledge/errors';
import { ApiError } from '../../errors';
import { auditStored, documentSchema, storeDocument } from '../../routes/admin-documents';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { checkForm, field, formOf } from '../csrf';
import { html, type SafeHtml } from '../html';
import { csrfField, notice, page } from '../layout';

export const uploadRoutes = new Hono<ConsoleEnv>();

const FORMAT_BY_EXTENSION: Record<string, string> = { md: 'markdown', mdx: 'markdown', markdown: 'markdown', txt: 'text', html: 'html', htm: 'html', pdf: 'pdf' };

/** What the admin entered, put back into the form when an upload is refused (a file input cannot be refilled). */
export interface UploadValues {
  id: string;
  title: string;
  url: string;
  audience: string;
  format: string;
  tags: string;
  content: string;
  /** The name of the file that was chosen, to ask for it again. */
  fileName: string | null;
}

const EMPTY: UploadValues = { id: '', title: '', url: '', audience: '', format: 'auto', tags: '', content: '', fileName: null };

uploadRoutes.post('/knowledge', loadSession, requireRole('admin'), async (c, next) => {
  // The cap is the document limit as base64 plus room for the other fields.
  return checkForm(Math.ceil(c.get('config').maxDocumentBytes * 1.4) + 64 * 1024)(c, next);
}, async (c) => {
  const form = await formOf(c);
  const user = c.get('user')!;
  const file = form.file instanceof File && form.file.size > 0 ? form.file : null;
  // A PDF read in the admin's browser (public/console-pdf.js) arrives as its pages' text, without the file.
  const pdf = browserPdf(form);
  const values: UploadValues = {
    id: field(form, 'id'), title: field(form, 'title'), url: field(form, 'url'), audience: field(form, 'audience'),
    format: field(form, 'format') || 'auto', tags: field(form, 'tags'), content: field(form, 'content'), fileName: file?.name ?? (pdf ? pdf.name : null),
  };
  const refuse = (message: string, status: 400 | 409 | 413, audienceChange?: string) =>
    page(c, { title: 'Upload refused', status, body: html`${notice('error', message)}${uploadForm(user.csrf, values, audienceChange)}<p><a href="/admin/knowledge">Back to the knowledge base</a> (nothing was changed)</p>` });

  if (pdf?.pages === null) return refuse('The text read from the PDF in your browser could not be used. Choose the file again, or ingest it with npm run ingest -- file.pdf.', 400);
  const extension = file?.name.split('.').pop()?.toLowerCase() ?? '';
  const format = values.format !== 'auto' ? values.format : file ? (FORMAT_BY_EXTENSION[extension] ?? 'text') : 'markdown';
  const candidate = {
    id: values.id.trim() || file?.name || pdf?.name || '',
    audience: values.audience,
    format: pdf ? 'pdf' : format,
    tags: values.tags.split(',').map((tag) => tag.trim()).filter(Boolean),
    ...(values.title.trim() ? { title: values.title } : {}),
    ...(values.url.trim() ? { url: values.url.trim() } : {}),
    ...(pdf?.pages ? { pages: pdf.pages } : file ? { contentBase64: toBase64(new Uint8Array(await file.arrayBuffer())) } : { content: values.content }),
    ...(field(form, 'allowAudienceChange') ? { allowAudienceChange: true } : {}),
  };
  const parsed = documentSchema.safeParse(candidate);
  if (!parsed.success) return refuse(inWords(parsed.error.issues[0]), 400);
  try {
    const result = await storeDocument(c.get('services').knowledge, parsed.data, c.get('config').maxDocumentBytes);
    await auditStored(c.env, user.actor, result);
    return c.redirect(`/admin/knowledge?done=${result.outcome}&id=${encodeURIComponent(result.document.id)}`, 303);
  } catch (error) {
    if (error instanceof KnowledgeInputError && error.code === 'audience_change') return refuse(error.message, 409, parsed.data.audience);
    if (error instanceof KnowledgeInputError) return refuse(error.message, error.code === 'too_large' ? 413 : 400);
    if (error instanceof ApiError || error instanceof HTTPException) return refuse(error.message, error.status === 413 ? 413 : 400);
    throw error;
  }
});

/** A refused field, said as a person would say it (the schema's own messages are for API clients). */
export function inWords(issue: ZodIssue | undefined): string {
  switch (issue?.path[0]) {
    case 'id':
      return issue.code === 'too_big' ? 'The id is too long: at most 512 characters.' : 'Give the document an id, or choose a file (its name becomes the id).';
    case 'audience':
      return 'Choose who may read the document: internal (employees only) or public (customers can read it too).';
    case 'title':
      return 'The title is too long: at most 300 characters.';
    case 'url':
      return 'The link for citations must be a full web address starting with http:// or https:// (at most 2048 characters), or left empty.';
    case 'tags':
      return 'Tags are separated by commas: at most 32 of them, each at most 64 characters.';
    case 'format':
      return 'Choose a format: Markdown, text, HTML or PDF.';
    case 'pages':
      return 'The PDF has too many pages to upload here (at most 10,000): ingest it with npm run ingest -- file.pdf.';
    case 'contentBase64':
      return 'A PDF cannot be pasted: choose the PDF file instead.';
    case 'content':
      return 'Paste the text or choose a file.';
    default:
      return 'The form could not be read. Check the fields and try again.';
  }
}

/**
 * Who may read a document, chosen every time (no default): the public
 * choice says that customers will read it. Uploads and scheduled sources share it.
 */
export function audienceChoice(chosen: string): SafeHtml {
  const option = (value: string, hint: string) =>
    html`<label class="check"><input type="radio" name="audience" value="${value}" required${chosen === value ? ' checked' : ''}> <span><strong>${value}</strong>: ${hint}</span></label>`;
  return html`<fieldset><legend>Who may read it (required)</legend>
        ${option('internal', 'employees only')}
        ${option('public', 'customers can read this, in web chat answers and citations')}
      </fieldset>`;
}

/**
 * The upload form. The audience has no default: an admin who does not
 * choose is asked to, and the public choice says that customers will read
 * it. `audienceChange` (the audience asked for, after a refusal) adds the
 * box that confirms changing a stored document's audience.
 */
export function uploadForm(csrf: string, values: UploadValues = EMPTY, audienceChange?: string): SafeHtml {
  const format = (value: string, label: string) => html`<option value="${value}"${values.format === value ? ' selected' : ''}>${label}</option>`;
  return html`<section><h2>Upload</h2>
    <form method="post" action="/admin/knowledge" enctype="multipart/form-data" class="stack">
      ${csrfField(csrf)}
      <label>File (Markdown, text, HTML, or a PDF with a text layer, read in your browser; or ingest it with <code>npm run ingest -- file.pdf</code>) <input type="file" name="file" accept=".md,.mdx,.markdown,.txt,.html,.htm,.pdf"></label>
      <input type="hidden" name="pdfPages"><input type="hidden" name="pdfName">
      <p class="muted" data-pdf-status role="status" aria-live="polite"></p><script type="module" src="/console-pdf.js"></script>
      ${values.fileName ? html`<p class="muted">You had chosen <code>${values.fileName}</code>: choose it again (browsers do not keep a file after a refused upload).</p>` : ''}
      <label>…or paste the text <textarea name="content" rows="6">${values.content}</textarea></label>
      <label>Id (the file name if empty; the same id replaces the document) <input name="id" maxlength="512" value="${values.id}"></label>
      <label>Title (optional) <input name="title" maxlength="300" value="${values.title}"></label>
      <label>Link for citations (optional, http/https) <input name="url" type="url" maxlength="2048" value="${values.url}"></label>
      ${audienceChoice(values.audience)}
      ${audienceChange ? html`<label class="check"><input type="checkbox" name="allowAudienceChange" value="yes"> Yes, change this document's audience to ${audienceChange}</label>` : ''}
      <label>Format <select name="format">${format('auto', 'from the file name (pasted: Markdown)')}${format('markdown', 'Markdown')}${format('text', 'text')}${format('html', 'HTML')}${format('pdf', 'PDF')}</select></label>
      <label>Tags (comma-separated, optional) <input name="tags" maxlength="500" value="${values.tags}"></label>
      <button type="submit">Upload</button>
    </form></section>`;
}

/**
 * The PDF pages the upload page's script read in the browser: null when the
 * form has none, `pages: null` when what it sent is not a list of page texts.
 */
function browserPdf(form: Record<string, string | File>): { name: string; pages: string[] | null } | null {
  const raw = field(form, 'pdfPages');
  if (!raw) return null;
  const name = field(form, 'pdfName').slice(0, 512) || 'document.pdf';
  try {
    const pages: unknown = JSON.parse(raw);
    return { name, pages: Array.isArray(pages) && pages.every((page) => typeof page === 'string') ? pages : null };
  } catch {
    return { name, pages: null };
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}
