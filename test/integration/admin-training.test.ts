import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { D1DraftStore } from '../../src/adapters/d1/d1-draft-store';
import { D1TrainingSink } from '../../src/adapters/d1/d1-training-sink';
import type { Draft } from '../../src/domain/answer/types';
import { adminFetch } from './admin-client';

const draft = (id: string, audience: Draft['audience'], createdAt: string): Draft => ({
  id,
  createdAt,
  question: `question ${id}`,
  audience,
  stage: 'internal',
  mode: 'extractive',
  answer: `draft ${id}`,
  citations: [{ label: 'P1', chunkId: `chunk-${id}`, documentId: 'doc.md', title: 'Doc', headingPath: ['Doc', 'Part'], text: `passage ${id}`, url: null, score: 1, ranks: { lexical: 1 } }],
  proposedActions: [],
  toolRuns: [],
  confidence: 0.5,
  reasons: [],
  decision: 'review',
  provenance: { model: null, promptVersion: 'answer-v1', passages: [{ chunkId: `chunk-${id}`, score: 2, ranks: { lexical: 1 } }, { chunkId: 'chunk-live', score: 1, ranks: { lexical: 2 } }], retrievalMode: 'lexical', selfAssessment: null, verifiedAnswerId: null, latencyMs: 1, inputTokens: 0, outputTokens: 0, modelError: null },
});

beforeAll(async () => {
  const drafts = new D1DraftStore(env.DB);
  const training = new D1TrainingSink(env.DB);
  for (const [id, audience, at, source] of [
    ['a', 'employee', '2026-10-01T10:00:00Z', 'approved'],
    ['b', 'customer', '2026-11-05T10:00:00Z', 'edited'],
    ['c', 'employee', '2026-11-20T10:00:00Z', 'rejected_with_reply'],
  ] as const) {
    await drafts.save(draft(id, audience, at));
    await training.record({ reviewId: `review-${id}`, draftId: id, source, question: `question ${id}`, draftAnswer: `draft ${id}`, finalAnswer: `final ${id}`, createdAt: at });
  }
});

describe('GET /admin/training-examples', () => {
  it('includes every passage the model was shown, live from the index where it still exists', async () => {
    const { putDocument } = await import('./admin-client');
    await putDocument({ id: 'live.md', audience: 'internal', format: 'markdown', content: '# Live\nStill indexed text.' });
    const liveId = (await env.DB.prepare("SELECT id FROM chunks WHERE document_id = 'live.md'").first<{ id: string }>())!.id;
    await env.DB.prepare("UPDATE drafts SET passages = ? WHERE id = 'c'").bind(JSON.stringify([{ chunkId: 'chunk-c', score: 2, ranks: {} }, { chunkId: liveId, score: 1, ranks: {} }])).run();
    const body = (await (await adminFetch('/admin/training-examples?since=2026-11-15')).json()) as { items: { passages: { label: string; text: string }[] }[] };
    expect(body.items[0]?.passages.map((passage) => [passage.label, passage.text])).toEqual([
      ['P1', 'passage c'],
      ['P2', 'Still indexed text.'],
    ]);
  });

  it('returns reviewed replies with their context and the system prompts', async () => {
    const body = (await (await adminFetch('/admin/training-examples')).json()) as { systemPrompts: Record<string, string>; items: Record<string, unknown>[] };
    expect(body.systemPrompts.employee).toContain('Countersign');
    expect(body.items.map((item) => item.id)).toEqual(['review-a', 'review-b', 'review-c']);
    // The drafts' retrieved chunks no longer exist (none were ingested here): the cited copies stand in.
    expect(body.items[1]).toMatchObject({ audience: 'customer', source: 'edited', draftAnswer: 'draft b', finalAnswer: 'final b', passages: [{ label: 'P1', text: 'passage b' }], citations: ['P1'] });
  });

  it('filters by date and audience, and validates the query', async () => {
    const since = (await (await adminFetch('/admin/training-examples?since=2026-11-01&audience=employee')).json()) as { items: { id: string }[] };
    expect(since.items.map((item) => item.id)).toEqual(['review-c']);
    // The seeded examples have no review rows, so no channel can be told.
    expect(((await (await adminFetch('/admin/training-examples?channel=slack')).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await adminFetch('/admin/training-examples?channel=email')).status).toBe(400);
    const bad = await adminFetch('/admin/training-examples?since=last-week');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: 'since' } });
    expect((await adminFetch('/admin/training-examples', {}, null)).status).toBe(401);
  });
});
