import { readFile } from 'node:fs/promises';
import { UsageError } from './args';
import type { Draft } from '../../src/domain/answer/types';
import type { DocumentAudience, DocumentFormat, KnowledgeDocument } from '../../src/domain/knowledge/types';

/** The Worker's admin API, as the ingest command and the benchmarks use it. */
export type DocumentUpload = {
  id: string;
  title?: string;
  url?: string | null;
  audience: DocumentAudience;
  tags: string[];
  format: DocumentFormat;
  /** Needed to store an existing document under another audience (else 409 audience_change). */
  allowAudienceChange?: boolean;
} & ({ contentBase64: string } | { pages: string[] });

export interface SearchHitJson {
  rank: number;
  score: number;
  chunkId: string;
  documentId: string;
  audience: DocumentAudience;
  title: string;
  headingPath: string[];
  url: string | null;
  text: string;
}

export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async listDocuments(): Promise<KnowledgeDocument[]> {
    const body = (await this.request('GET', '/admin/documents')) as { documents: KnowledgeDocument[] };
    return body.documents;
  }

  async putDocument(upload: DocumentUpload): Promise<{ outcome: 'added' | 'updated' | 'unchanged'; document: KnowledgeDocument }> {
    return (await this.request('POST', '/admin/documents', upload)) as { outcome: 'added' | 'updated' | 'unchanged'; document: KnowledgeDocument };
  }

  async deleteDocument(id: string): Promise<void> {
    await this.request('DELETE', `/admin/documents/${encodeURIComponent(id)}`);
  }

  async search(q: string, audience: DocumentAudience, k: number): Promise<{ mode: string; hits: SearchHitJson[]; tookMs: number }> {
    const params = new URLSearchParams({ q, audience, k: String(k) });
    return (await this.request('GET', `/admin/search?${params}`)) as { mode: string; hits: SearchHitJson[]; tookMs: number };
  }

  async trainingItems(query: { since?: string; audience?: 'employee' | 'customer'; channel?: 'slack' | 'web' }): Promise<{ systemPrompts: Record<'employee' | 'customer', string>; items: unknown[] }> {
    const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    return (await this.request('GET', `/admin/training-examples?${params}`)) as { systemPrompts: Record<'employee' | 'customer', string>; items: unknown[] };
  }

  async recordAudit(entry: { action: 'model-promoted'; actor: string; subject: string; comment?: string; details: Record<string, unknown> }): Promise<{ id: number; at: string }> {
    return ((await this.request('POST', '/admin/audit-log', entry)) as { entry: { id: number; at: string } }).entry;
  }

  async answer(question: string, audience: 'employee' | 'customer', stage: string): Promise<Draft> {
    const body = (await this.request('POST', '/admin/answer', { question, audience, stage })) as { draft: Draft };
    return body.draft;
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : null,
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: a proxy or a crashed dev server; reported below with the status.
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new AdminApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `HTTP ${response.status}`);
    }
    return json;
  }
}

/** The admin token: $ADMIN_TOKEN, else the ADMIN_TOKEN line of .dev.vars (local dev). */
export async function resolveAdminToken(devVarsPath = '.dev.vars'): Promise<string | null> {
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  try {
    const text = await readFile(devVarsPath, 'utf8');
    const match = /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?\s*$/m.exec(text);
    return match?.[1]?.trim() ?? null;
  } catch {
    return null;
  }
}

/**
 * An admin client for a command's --url: the URL checked, the token taken
 * from $ADMIN_TOKEN or .dev.vars; a usage error names what is missing.
 */
export async function connectAdmin(url: string): Promise<AdminClient> {
  if (!/^https?:\/\/\S+$/i.test(url)) throw new UsageError('--url must be an http(s) URL');
  const token = await resolveAdminToken();
  if (!token) throw new UsageError('no admin token: set ADMIN_TOKEN (or run `npm run dev` once to create .dev.vars)');
  return new AdminClient(url, token);
}
