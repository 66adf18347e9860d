import { type Context, Hono } from 'hono';
import { audit } from '../console/audit';
import { z } from 'zod';
import type { KnowledgeBase, PutResult } from '../../domain/knowledge/knowledge-base';
import { joinPdfPages } from '../../domain/knowledge/pdf-text';
import { DOCUMENT_AUDIENCES, DOCUMENT_FORMATS, type KnowledgeDocument } from '../../domain/knowledge/types';
import { requireAdminToken } from '../admin-auth';
import type { AppEnv } from '../app-env';
import { ApiError } from '../errors';
import { readJsonBody } from '../read-json';

/** A document to add or replace: the API's JSON body, and what the console's upload form is turned into. */
export const documentSchema = z
  .object({
    id: z.string().trim().min(1).max(512),
    title: z.string().trim().min(1).max(300).optional(),
    url: z
      .string()
      .max(2048)
      .url()
      .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL')
      .nullable()
      .optional(),
    audience: z.enum(DOCUMENT_AUDIENCES as [string, ...string[]]).transform((value) => value as KnowledgeDocument['audience']),
    tags: z.array(z.string().trim().min(1).max(64)).max(32).default([]),
    format: z.enum(DOCUMENT_FORMATS as [string, ...string[]]).transform((value) => value as KnowledgeDocument['format']),
    /** Text formats may be sent as a string... */
    content: z.string().optional(),
    /** ...and any format as base64 of the raw file, which lets the server check its encoding. */
    contentBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64').optional(),
    /** A PDF's text, one string per page, as `npm run ingest` extracts it (the Worker does not parse PDFs). */
    pages: z.array(z.string()).min(1).max(10_000).optional(),
    /** Replacing a document under another audience is refused (409 audience_change) unless this is true. */
    allowAudienceChange: z.boolean().optional(),
  })
  .strict()
  .refine((body) => [body.content, body.contentBase64, body.pages].filter((value) => value !== undefined).length === 1, {
    message: 'send exactly one of content, contentBase64 or pages',
    path: ['content'],
  })
  .refine((body) => body.format !== 'pdf' || body.content === undefined, {
    message: 'PDF documents must be sent as pages (or the raw file as contentBase64)',
    path: ['contentBase64'],
  })
  .refine((body) => body.pages === undefined || body.format === 'pdf', {
    message: 'pages are for PDF documents only',
    path: ['pages'],
  });

export const adminDocumentRoutes = new Hono<AppEnv>();
adminDocumentRoutes.use(requireAdminToken);

adminDocumentRoutes.get('/', async (c) => {
  const documents = await c.get('wiring').knowledge.list();
  return c.json({ documents });
});

adminDocumentRoutes.post('/', async (c) => {
  const limit = c.get('config').maxDocumentBytes;
  // Base64 is 4/3 of the raw size; the rest is room for the JSON around it.
  const body = await readJsonBody(c, documentSchema, Math.ceil(limit * 1.4) + 64 * 1024);
  const result = await storeDocument(c.get('wiring').knowledge, body, limit);
  await auditStored(c.env, apiActor(c), result);
  return c.json(result, result.outcome === 'added' ? 201 : 200);
});

/** Audits a stored document (the API and the console): the upload, and a change of audience as its own action. */
export async function auditStored(env: Env, actor: string, { outcome, document, audienceChangedFrom }: PutResult): Promise<void> {
  if (outcome === 'unchanged') return;
  await audit(env, { actor, action: 'knowledge-uploaded', subject: document.id, details: { outcome, audience: document.audience, format: document.format, chunks: document.chunkCount, bytes: document.bytes } });
  if (audienceChangedFrom) {
    await audit(env, { actor, action: 'knowledge-audience-changed', subject: document.id, details: { from: audienceChangedFrom, to: document.audience } });
  }
}

/** Decodes, size-checks and stores one validated document (the API and the console both upload through it). */
export async function storeDocument(knowledge: KnowledgeBase, body: z.infer<typeof documentSchema>, limit: number) {
  const text = body.pages !== undefined ? joinPdfPages(body.pages) : body.content;
  const bytes = body.contentBase64 !== undefined ? decodeBase64(body.contentBase64) : new TextEncoder().encode(text);
  if (bytes.length > limit) {
    throw new ApiError(413, 'too_large', `The document is ${bytes.length} bytes; the limit is ${limit} bytes.`, 'content');
  }
  return knowledge.put({
    id: body.id,
    title: body.title,
    url: body.url ?? null,
    audience: body.audience,
    tags: body.tags,
    format: body.format,
    bytes,
    textLayer: body.pages !== undefined,
  }, { allowAudienceChange: body.allowAudienceChange === true });
}

// Ids are paths or URLs, so they contain slashes: clients percent-encode them.
adminDocumentRoutes.get('/:id{.+}', async (c) => {
  const document = await c.get('wiring').knowledge.get(c.req.param('id'));
  if (!document) throw new ApiError(404, 'not_found', 'No document with that id.', 'id');
  return c.json({ document });
});

adminDocumentRoutes.delete('/:id{.+}', async (c) => {
  const deleted = await c.get('wiring').knowledge.delete(c.req.param('id'));
  if (!deleted) throw new ApiError(404, 'not_found', 'No document with that id.', 'id');
  await audit(c.env, { actor: apiActor(c), action: 'knowledge-deleted', subject: c.req.param('id'), details: {} });
  return c.json({ deleted: true });
});

function decodeBase64(value: string): Uint8Array {
  try {
    const binary = atob(value);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    throw new ApiError(400, 'invalid_request', 'Invalid field "contentBase64": must be base64.', 'contentBase64');
  }
}

/** Who changed the knowledge through the API: a name the caller gives in X-Countersign-Actor, else the token's holder. */
function apiActor(c: Context<AppEnv>): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const named = c.req.header('x-countersign-actor')?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return named ? `${named} (admin API)` : 'admin API';
}
