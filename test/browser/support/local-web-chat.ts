import { AdminClient } from '../../../scripts/lib/admin-client';
import { collectFiles } from '../../../scripts/lib/collect-files';
import { type LocalWorker, startLocalWorker } from '../../../scripts/lib/local-worker';
import { syncDocuments } from '../../../scripts/lib/sync-documents';

export const PREVIEW_KEY = 'browser-test-preview-key';

/**
 * A real Worker under `wrangler dev` (its own throw-away state) with web chat
 * on: a session secret, a preview key, and the embedding site's origin
 * allowed. No chat model: replies are extractive, so they are deterministic.
 */
export function startWebChatWorker(siteOrigin: string): Promise<LocalWorker> {
  return startLocalWorker({
    vars: {
      WEB_SESSION_SECRET: 'browser-test-session-secret-0123456789abcdef',
      WEB_PREVIEW_KEY: PREVIEW_KEY,
      WEB_ALLOWED_ORIGINS: siteOrigin,
      // Every test talks from 127.0.0.1: room for all of them.
      WEB_RATE_PER_IP: '1000',
      SAMPLE_RATE: '0',
    },
  });
}

/** The admin API, as staff use it from the console or the command line. */
export async function adminRequest(worker: LocalWorker, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const response = await fetch(new URL(path, worker.origin), {
    method,
    headers: { authorization: `Bearer ${worker.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/**
 * Moves the web channel to a stage as an admin would. A fresh install has no
 * readiness figures, so a step up that the readiness bars refuse is repeated
 * with an explicit override (the reason says why).
 */
export async function setWebStage(worker: LocalWorker, stage: 'internal' | 'supervised' | 'autonomous'): Promise<void> {
  const body = { stage, actor: 'browser-test', reason: `Browser test moves web chat to ${stage}.` };
  let result = await adminRequest(worker, 'POST', '/admin/channels/web/stage', body);
  if (result.status === 409 && (result.json?.error as { code?: string } | undefined)?.code === 'not_ready') {
    result = await adminRequest(worker, 'POST', '/admin/channels/web/stage', { ...body, override: true });
  }
  if (result.status !== 200 && (result.json?.error as { code?: string } | undefined)?.code !== 'unchanged') {
    throw new Error(`setting the web stage to ${stage} answered ${result.status}: ${JSON.stringify(result.json)}`);
  }
}

/** Loads the bundled public sample knowledge base, with help-site URLs for sources. */
export async function ingestPublicSamples(worker: LocalWorker): Promise<void> {
  const { files } = await collectFiles(['samples/knowledge/public']);
  const summary = await syncDocuments(new AdminClient(worker.origin, worker.adminToken), files, {
    audience: 'public',
    idPrefix: '',
    baseUrl: 'https://help.example.com/',
    tags: [],
    prune: false,
    concurrency: 2,
  });
  if (summary.failed.length > 0) throw new Error(`sample ingest failed: ${JSON.stringify(summary.failed)}`);
}

export interface PendingReview {
  id: string;
  question: string;
  destination: { kind: string; conversationId?: string };
}

/** Pending web reviews from the review API: GET /admin/api/reviews?status=pending&channel=web answers { reviews: [{ id, destination, ... }] }. */
export async function pendingReviews(worker: LocalWorker): Promise<PendingReview[]> {
  const result = await adminRequest(worker, 'GET', '/admin/api/reviews?status=pending&channel=web');
  if (result.status !== 200) throw new Error(`GET /admin/api/reviews?status=pending answered ${result.status}: ${JSON.stringify(result.json)}`);
  return (result.json?.reviews ?? []) as PendingReview[];
}

export async function approveReview(worker: LocalWorker, id: string): Promise<void> {
  const result = await adminRequest(worker, 'POST', `/admin/api/reviews/${encodeURIComponent(id)}/decision`, { decision: 'approve', actor: 'browser-test' });
  if (result.status < 200 || result.status > 299) throw new Error(`approving review ${id} answered ${result.status}: ${JSON.stringify(result.json)}`);
}
