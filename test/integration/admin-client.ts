import { SELF } from 'cloudflare:test';

/** Requests to the Worker's admin API through its front door (SELF.fetch). */
export const ADMIN_TOKEN = 'test-admin-token';
const ORIGIN = 'https://countersign.test';

export function adminFetch(path: string, init: RequestInit = {}, token: string | null = ADMIN_TOKEN): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  return SELF.fetch(`${ORIGIN}${path}`, { ...init, headers });
}

export interface UploadBody {
  id: string;
  audience: 'internal' | 'public';
  format: 'markdown' | 'text' | 'html' | 'pdf';
  content?: string;
  contentBase64?: string;
  pages?: string[];
  title?: string;
  url?: string | null;
  tags?: string[];
}

export function putDocument(body: UploadBody | Record<string, unknown>): Promise<Response> {
  return adminFetch('/admin/documents', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export interface SearchResponse {
  mode: string;
  notes: string[];
  hits: { rank: number; score: number; chunkId: string; documentId: string; audience: string; headingPath: string[]; text: string; url: string | null }[];
}

export async function search(q: string, audience: 'internal' | 'public' = 'internal', k = 10): Promise<SearchResponse> {
  const response = await adminFetch(`/admin/search?${new URLSearchParams({ q, audience, k: String(k) })}`);
  if (response.status !== 200) throw new Error(`search failed: ${response.status} ${await response.text()}`);
  return response.json();
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
