import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { D1DraftStore } from '../../src/adapters/d1/d1-draft-store';
import { D1ReviewRepository } from '../../src/adapters/d1/d1-review-repository';
import { draft as draftFixture } from '../../src/domain/review/review-fixtures.testing';
import { pendingReview } from '../../src/domain/review/types';
import { adminFetch, putDocument } from './admin-client';
import { signedIn } from './console-client';
import { openSession, send, setStage, settled } from './web-client';

/**
 * Verified answers stored before reuse was a choice: migration 0006 keeps
 * them, fills in their scope, approver and use from the records they came
 * from, and marks them unconfirmed, so none is reused until an admin allows it.
 */
const QUESTION = 'what are the gift card terms';
let chunkId = '';

/** A legacy verified answer as the code before 0006 stored it: the old columns only, from an edited web review. */
async function legacyVerified(id: string, answer: string): Promise<void> {
  const draft = draftFixture({
    id,
    createdAt: '2026-10-01T10:00:00.000Z',
    question: QUESTION,
    audience: 'customer',
    stage: 'supervised',
    answer: 'Quoted terms.',
    citations: [{ label: 'P1', chunkId, documentId: 'help/gift-cards.md', title: 'Gift cards', headingPath: ['Gift cards', 'Terms'], text: 'Gift cards never expire.', url: 'https://help.example/gift', score: 1, ranks: {} }],
  });
  await new D1DraftStore(env.DB).save(draft, 'web');
  const reviews = new D1ReviewRepository(env.DB);
  await reviews.createForDraft(pendingReview({ id: `review-${id}`, draftId: id, kind: 'review', channel: 'web', destination: { kind: 'web', conversationId: `c-${id}`, messageId: 'm1' }, askerId: null, createdAt: '2026-10-01T10:00:00.000Z' }));
  await env.DB.prepare("UPDATE reviews SET status = 'edited', decided_by = 'old@example.com', decided_at = '2026-10-01T11:00:00.000Z', final_text = ? WHERE id = ?").bind(answer, `review-${id}`).run();
  await env.DB.prepare('INSERT INTO verified_answers (id, audience, question, answer, cited_chunk_ids, approved_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(id, 'customer', QUESTION, answer, JSON.stringify([chunkId]), '2026-10-01T11:00:00.000Z')
    .run();
  // A draft that reused it before the migration.
  await new D1DraftStore(env.DB).save({ ...draft, id: `${id}-reuse`, createdAt: '2026-10-05T09:00:00.000Z', mode: 'verified', provenance: { ...draft.provenance, verifiedAnswerId: id } }, 'web');
}

/** Runs migration 0006's backfill (the test database has every migration applied already; the rows above arrived "before" it). */
async function backfill(): Promise<void> {
  const migration = env.TEST_MIGRATIONS.find((candidate) => candidate.name.startsWith('0006'))!;
  const update = migration.queries.find((query) => query.trim().startsWith('UPDATE verified_answers'))!;
  await env.DB.prepare(update).run();
}

beforeAll(async () => {
  await putDocument({ id: 'help/gift-cards.md', audience: 'public', format: 'markdown', url: 'https://help.example/gift', content: '# Gift cards\n## Terms\nGift cards never expire and can be used on any order.' });
  chunkId = (await env.DB.prepare("SELECT id FROM chunks WHERE document_id = 'help/gift-cards.md'").first<{ id: string }>())!.id;
  await legacyVerified('legacy-clean', 'Gift cards never expire and work on any order.');
  await legacyVerified('legacy-personal', 'Hi Sam, your gift card 4111 1111 1111 1111 was sent to sam@example.com.');
  await backfill();
  await setStage('autonomous');
});

const newestMode = async () => (await env.DB.prepare("SELECT mode FROM drafts WHERE question = ? AND id NOT LIKE 'legacy-%' ORDER BY created_at DESC").bind(QUESTION).first<{ mode: string }>())?.mode;

describe('verified answers from before migration 0006', () => {
  it('keep their scope, approver and use, and are not reused while unconfirmed', async () => {
    const row = await env.DB.prepare("SELECT status, channel_kind, review_id, approved_by, reuse_count, last_used_at FROM verified_answers WHERE id = 'legacy-clean'").first();
    expect(row).toEqual({ status: 'unconfirmed', channel_kind: 'web', review_id: 'review-legacy-clean', approved_by: 'old@example.com', reuse_count: 1, last_used_at: '2026-10-05T09:00:00.000Z' });
    const session = await openSession();
    await send(session, QUESTION);
    await settled(session);
    expect(await newestMode()).not.toBe('verified');
    const listed = (await (await adminFetch('/admin/verified-answers?status=unconfirmed')).json()) as { verifiedAnswers: { id: string }[] };
    expect(listed.verifiedAnswers.map((answer) => answer.id).sort()).toEqual(['legacy-clean', 'legacy-personal']);
  });

  it('are reused once an admin allows one; one holding personal data cannot be allowed', async () => {
    const reviewer = await signedIn('reviewer');
    const reviewerToken = await reviewer.csrf('/admin/verified');
    expect((await reviewer.fetch('/admin/verified/legacy-clean/allow', { form: { _csrf: reviewerToken } })).status).toBe(403);

    const admin = await signedIn('admin');
    const token = await admin.csrf('/admin/verified');
    const refused = await admin.fetch('/admin/verified/legacy-personal/allow', { form: { _csrf: token } });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Not allowed: the reply contains personal data (email, card).');
    const allowed = await admin.fetch('/admin/verified/legacy-clean/allow', { form: { _csrf: token } });
    expect(allowed.headers.get('location')).toBe('/admin/verified?done=allowed');
    expect(await (await admin.fetch('/admin/audit?action=verified-answer-allowed')).text()).toContain('legacy-clean');

    const session = await openSession();
    await send(session, QUESTION);
    const { messages } = await settled(session);
    expect(messages.filter((message) => message.role === 'assistant').map((message) => message.text)).toEqual(['Gift cards never expire and work on any order.']);
    expect(await newestMode()).toBe('verified');
    expect((await env.DB.prepare("SELECT status FROM verified_answers WHERE id = 'legacy-personal'").first<{ status: string }>())?.status).toBe('unconfirmed');
  });
});

describe('the verified answers API', () => {
  it('needs the admin token, validates its input, and retires once (audited) without deleting', async () => {
    expect((await adminFetch('/admin/verified-answers', {}, null)).status).toBe(401);
    expect((await adminFetch('/admin/verified-answers?status=gone')).status).toBe(400);
    const retire = (id: string, body: unknown) => adminFetch(`/admin/verified-answers/${id}`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await retire('legacy-personal', {})).status).toBe(400);
    expect((await retire('no-such-answer', { actor: 'ana@example.com' })).status).toBe(404);
    expect(await (await retire('legacy-personal', { actor: 'ana@example.com', reason: 'holds a card number' })).json()).toEqual({ id: 'legacy-personal', status: 'retired', retiredNow: true });
    expect(await (await retire('legacy-personal', { actor: 'ana@example.com' })).json()).toMatchObject({ retiredNow: false });
    const entries = (await (await adminFetch('/admin/audit-log?action=verified-answer-retired')).json()) as { entries: { subject: string; actor: string; comment: string }[] };
    expect(entries.entries.filter((entry) => entry.subject === 'legacy-personal')).toEqual([expect.objectContaining({ actor: 'ana@example.com', comment: 'holds a card number' })]);
    const retired = (await (await adminFetch('/admin/verified-answers?status=retired')).json()) as { verifiedAnswers: { id: string; retiredBy: string }[] };
    expect(retired.verifiedAnswers).toEqual([expect.objectContaining({ id: 'legacy-personal', retiredBy: 'ana@example.com' })]);
  });
});
