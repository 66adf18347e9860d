import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, putDocument } from './admin-client';
import { type ConsoleClient, signedIn } from './console-client';
import { openSession, send, type Session, setStage, settled } from './web-client';

const REFUND_QUESTION = 'how do i get a refund for my invoice';
/** What a staff member writes for one customer: a name, an invoice number, card digits, an email. */
const PERSONAL_EDIT = 'Hi Dana Whitfield, I have refunded invoice INV-20931 to your card 4111 1111 1111 1111; the receipt went to dana.whitfield@example.com.';
const apiDecide = (id: string, body: Record<string, unknown>) =>
  adminFetch(`/admin/api/reviews/${id}/decision`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  await putDocument({ id: 'help/refunds.md', audience: 'public', format: 'markdown', url: 'https://help.example/refunds', content: '# Refunds\n## Refund an invoice\nTo get a refund for an invoice, open Billing, choose the invoice and press Request refund.' });
  await putDocument({ id: 'help/shipping.md', audience: 'public', format: 'markdown', url: 'https://help.example/shipping', content: '# Shipping\n## Delivery times\nStandard delivery takes three to five working days.' });
});

/** A customer's question in the web chat, and its pending review's id. */
async function askAndWaitForReview(text: string): Promise<{ session: Session; reviewId: string }> {
  const session = await openSession();
  expect((await send(session, text)).status).toBe(202);
  expect((await settled(session)).awaiting).toBe('review');
  const { reviews } = (await (await adminFetch('/admin/api/reviews?status=pending&channel=web')).json()) as { reviews: { id: string; destination: { conversationId: string } }[] };
  return { session, reviewId: reviews.find((review) => review.destination.conversationId === session.conversationId)!.id };
}

async function decideInConsole(client: ConsoleClient, reviewId: string, form: Record<string, string>): Promise<string> {
  const response = await client.fetch(`/admin/reviews/${reviewId}/decision`, { form: { _csrf: await client.csrf(`/admin/reviews/${reviewId}`), ...form } });
  expect(response.status).toBe(303);
  return (await client.fetch(response.headers.get('location')!)).text();
}

const replyTexts = async (session: Session) => (await settled(session)).messages.filter((message) => message.role === 'assistant').map((message) => message.text);

describe('a staff edit written for one customer is never replayed to the next', () => {
  it('an edit with a name, invoice, card and email is not served to the next customer once the channel is autonomous', async () => {
    await setStage('supervised');
    const reviewer = await signedIn('reviewer', 'rui@example.com');
    const first = await askAndWaitForReview(REFUND_QUESTION);
    await decideInConsole(reviewer, first.reviewId, { decision: 'edit', text: PERSONAL_EDIT });
    expect(await replyTexts(first.session)).toContain(PERSONAL_EDIT);

    await setStage('autonomous');
    const next = await openSession();
    await send(next, REFUND_QUESTION);
    const texts = (await replyTexts(next)).join('\n');
    expect(texts).not.toBe('');
    for (const personal of ['Dana', 'INV-20931', '4111', 'dana.whitfield@example.com']) expect(texts).not.toContain(personal);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM verified_answers').first<{ n: number }>())?.n).toBe(0);
  });

  it('ticking reuse on a reply with personal data delivers it but refuses the reuse, and tells the staff member (console and API)', async () => {
    await setStage('supervised');
    const reviewer = await signedIn('reviewer', 'rui@example.com');
    const second = await askAndWaitForReview('How do I get a refund for my invoice?');
    const page = await decideInConsole(reviewer, second.reviewId, { decision: 'edit', text: PERSONAL_EDIT, reuse: 'yes' });
    // The decision went through and was delivered; only the reuse was refused, and the page says why.
    expect(await replyTexts(second.session)).toContain(PERSONAL_EDIT);
    expect(page).toContain('Sent, but not kept for reuse: the reply contains an email address, a card number.');

    const viaApi = await askAndWaitForReview('refund for my invoice: how do i get one?');
    const response = await apiDecide(viaApi.reviewId, { decision: 'edit', actor: 'api@example.com', text: PERSONAL_EDIT, reuse: true });
    expect(await response.json()).toMatchObject({ decidedNow: true, delivered: true, reuse: { status: 'refused', found: ['email', 'card'], message: expect.stringContaining('not kept for reuse') } });

    expect((await env.DB.prepare('SELECT count(*) AS n FROM verified_answers').first<{ n: number }>())?.n).toBe(0);
    await setStage('autonomous');
    const next = await openSession();
    await send(next, REFUND_QUESTION);
    const texts = (await replyTexts(next)).join('\n');
    for (const personal of ['Dana', 'INV-20931', '4111', 'dana.whitfield@example.com']) expect(texts).not.toContain(personal);
  });

  it('a clean reply staff chose to reuse answers the next customer, counted, until an admin retires it (audited)', async () => {
    await setStage('supervised');
    const { reviewId } = await askAndWaitForReview('how long does standard delivery take');
    const reply = 'Standard delivery takes three to five working days.';
    const response = await apiDecide(reviewId, { decision: 'edit', actor: 'rui@example.com', text: reply, reuse: true });
    expect(await response.json()).toMatchObject({ reuse: { status: 'stored', message: expect.stringMatching(/^Kept for reuse/) } });

    await setStage('autonomous');
    const next = await openSession();
    await send(next, 'How long does standard delivery take?');
    const { messages } = await settled(next);
    expect(messages.filter((message) => message.role === 'assistant').map((message) => message.text)).toEqual([reply]);
    const draft = await env.DB.prepare("SELECT mode, verified_answer_id FROM drafts WHERE question = 'How long does standard delivery take?'").first();
    expect(draft).toMatchObject({ mode: 'verified' });

    const admin = await signedIn('admin');
    const list = await (await admin.fetch('/admin/verified')).text();
    expect(list).toContain('how long does standard delivery take');
    expect(list).toContain(reply);
    expect(list).toContain('rui@example.com');
    expect(list).toMatch(/<td class="count">1<\/td>/);
    expect(list).toContain('<a href="https://help.example/shipping" rel="noopener noreferrer" target="_blank">Shipping</a>');

    const api = (await (await adminFetch('/admin/verified-answers')).json()) as { verifiedAnswers: { id: string; reuseCount: number; lastUsedAt: string | null; channelKind: string; audience: string; status: string }[] };
    const stored = api.verifiedAnswers.find((answer) => answer.id === draft!.verified_answer_id)!;
    expect(stored).toMatchObject({ reuseCount: 1, channelKind: 'web', audience: 'customer', status: 'active', lastUsedAt: expect.any(String) });

    const token = await admin.csrf('/admin/verified');
    const retired = await admin.fetch(`/admin/verified/${stored.id}/retire`, { form: { _csrf: token } });
    expect(retired.status).toBe(303);
    expect(await (await admin.fetch('/admin/audit?action=verified-answer-retired')).text()).toContain(stored.id);
    const later = await openSession();
    await send(later, 'How long does standard delivery take?');
    await settled(later);
    const latest = await env.DB.prepare("SELECT mode FROM drafts WHERE question = 'How long does standard delivery take?' ORDER BY created_at DESC").first<{ mode: string }>();
    expect(latest?.mode).not.toBe('verified');
  });
});
