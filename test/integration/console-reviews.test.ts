import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, putDocument } from './admin-client';
import { type ConsoleClient, signedIn } from './console-client';
import { slackCalls } from './fake-slack-control';
import { history, openSession, send, type Session, setStage, settled } from './web-client';

interface ApiReview {
  id: string;
  kind: string;
  status: string;
  channel: string;
  question: string;
  draft: string;
  confidence: number;
  createdAt: string;
  destination: { kind: string; conversationId?: string };
}

beforeAll(async () => {
  await putDocument({ id: 'help/returns.md', audience: 'public', format: 'markdown', url: 'https://help.example/returns', content: '# Returns\n## Return window\nYou can return any item within 30 days of delivery for a full refund.' });
  await setStage('supervised');
});

/** A customer question in the supervised web chat, and the pending review it creates. */
async function pendingReview(text: string): Promise<{ session: Session; review: ApiReview }> {
  const session = await openSession();
  expect((await send(session, text)).status).toBe(202);
  expect((await settled(session)).awaiting).toBe('review');
  const response = await adminFetch('/admin/api/reviews?status=pending&channel=web');
  expect(response.status).toBe(200);
  const { reviews } = (await response.json()) as { reviews: ApiReview[] };
  const review = reviews.find((candidate) => candidate.destination.conversationId === session.conversationId);
  expect(review).toBeDefined();
  return { session, review: review! };
}

async function decide(client: ConsoleClient, id: string, form: Record<string, string>): Promise<Response> {
  return client.fetch(`/admin/reviews/${id}/decision`, { form: { _csrf: await client.csrf(`/admin/reviews/${id}`), ...form } });
}

function apiDecide(id: string, body: Record<string, unknown>): Promise<Response> {
  return adminFetch(`/admin/api/reviews/${id}/decision`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('the review queue', () => {
  it('lists pending reviews with question, channel, age and confidence; the detail shows context, draft, sources and reasons', async () => {
    const first = await openSession();
    await send(first, 'Hello, I bought shoes last week.');
    await settled(first);
    await send(first, 'How long is the return window?');
    await settled(first);
    const { reviews } = (await (await adminFetch('/admin/api/reviews?status=pending&channel=web')).json()) as { reviews: ApiReview[] };
    const review = reviews.find((candidate) => candidate.question === 'How long is the return window?' && candidate.destination.conversationId === first.conversationId)!;
    expect(review).toMatchObject({ kind: 'review', status: 'pending', channel: 'web' });
    expect(review.draft).toContain('30 days');

    const admin = await signedIn('admin');
    const queue = await (await admin.fetch('/admin/reviews')).text();
    expect(queue).toContain(`href="/admin/reviews/${review.id}"`);
    expect(queue).toContain('How long is the return window?');
    const detail = await (await admin.fetch(`/admin/reviews/${review.id}`)).text();
    expect(detail).toContain('Hello, I bought shoes last week.');
    expect(detail).toContain('within 30 days of delivery');
    expect(detail).toContain('<a href="https://help.example/returns" rel="noopener noreferrer" target="_blank">Returns</a>');
    expect(detail).toMatch(/Confidence \d+%/);
    expect(detail).toContain('name="decision" value="approve"');
  });

  it('escapes what outsiders wrote, in the queue and on the detail page', async () => {
    const hostile = '<script>alert(1)</script> "><img src=x onerror=alert(1)> return window?';
    const { review } = await pendingReview(hostile);
    const admin = await signedIn('admin');
    for (const path of ['/admin/reviews', `/admin/reviews/${review.id}`, '/admin/history?status=decided', `/admin/conversations/web/${review.destination.conversationId}`]) {
      const html = await (await admin.fetch(path)).text();
      expect(html, path).not.toContain('<script>alert(1)</script>');
      expect(html, path).not.toContain('<img src=x');
      if (path !== '/admin/history?status=decided') expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});

describe('deciding from the console', () => {
  it('approves once however many console and API decisions race, and the customer sees the answer once', async () => {
    const { session, review } = await pendingReview('What is the return window for a refund?');
    const admin = await signedIn('admin');
    const token = await admin.csrf(`/admin/reviews/${review.id}`);
    const form = { _csrf: token, decision: 'approve' };
    const [one, two, api] = await Promise.all([
      admin.fetch(`/admin/reviews/${review.id}/decision`, { form }),
      admin.fetch(`/admin/reviews/${review.id}/decision`, { form }),
      apiDecide(review.id, { decision: 'approve', actor: 'bot-tester' }),
    ]);
    expect([one.status, two.status, api.status]).toEqual([303, 303, 200]);
    const outcomes = [one.headers.get('location'), two.headers.get('location')].map((location) => new URL(location!, 'https://x').searchParams.get('outcome'));
    const apiBody = (await api.json()) as { decidedNow: boolean; review: { status: string; decidedBy: string } };
    expect(outcomes.filter((outcome) => outcome === 'decided').length + (apiBody.decidedNow ? 1 : 0)).toBe(1);
    expect(apiBody.review.status).toBe('approved');

    const { messages } = await history(session);
    const answers = messages.filter((message) => message.role === 'assistant' && message.kind === 'answer');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.text).toContain('30 days');

    // A later click is told who won.
    const again = await decide(admin, review.id, { decision: 'reject', reason: 'late' });
    expect(again.headers.get('location')).toBe(`/admin/reviews/${review.id}?outcome=raced`);
    const page = await (await admin.fetch(again.headers.get('location')!)).text();
    expect(page).toContain(`Already approved by ${apiBody.review.decidedBy}`);
    expect((await history(session)).messages.filter((message) => message.role === 'assistant' && message.kind !== 'holding')).toHaveLength(1);
  });

  it('sends an edit as written, recorded under the signed-in reviewer, and updates the Slack card', async () => {
    const { session, review } = await pendingReview('Can I get a refund after three weeks?');
    const reviewer = await signedIn('reviewer', 'rui@example.com');
    const response = await decide(reviewer, review.id, { decision: 'edit', text: 'Yes: returns are accepted for 30 days after delivery.' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/reviews/${review.id}?outcome=decided`);
    const page = await (await reviewer.fetch(response.headers.get('location')!)).text();
    expect(page).toContain('Edited and sent by rui@example.com');
    const staff = (await history(session)).messages.filter((message) => message.kind === 'staff');
    expect(staff.map((message) => message.text)).toEqual(['Yes: returns are accepted for 30 days after delivery.']);
    const row = await env.DB.prepare('SELECT status, decided_by, card FROM reviews WHERE id = ?').bind(review.id).first<{ status: string; decided_by: string; card: string | null }>();
    expect(row).toMatchObject({ status: 'edited', decided_by: 'rui@example.com' });
    // Supervised web reviews also get a staff card in Slack: it shows the console's decision.
    expect(row!.card).not.toBeNull();
    const card = JSON.parse(row!.card!) as { ts: string };
    const update = (await slackCalls('chat.update')).find((call) => call.body.ts === card.ts);
    expect(JSON.stringify(update?.body)).toContain('rui@example.com');
  });

  it('rejects with a reason and an optional reply; refuses an empty edit without deciding', async () => {
    const { session, review } = await pendingReview('Do you ship to Mars?');
    const admin = await signedIn('admin');
    const empty = await decide(admin, review.id, { decision: 'edit', text: '   ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('The edited reply is empty.');
    expect((await env.DB.prepare('SELECT status FROM reviews WHERE id = ?').bind(review.id).first<{ status: string }>())?.status).toBe('pending');

    const rejected = await decide(admin, review.id, { decision: 'reject', reason: 'We do not ship off-planet', text: 'Sorry, we only ship on Earth.', confirm: 'yes' });
    expect(rejected.status).toBe(303);
    const row = await env.DB.prepare('SELECT status, reject_reason, final_text FROM reviews WHERE id = ?').bind(review.id).first();
    expect(row).toMatchObject({ status: 'rejected', reject_reason: 'We do not ship off-planet', final_text: 'Sorry, we only ship on Earth.' });
    expect((await history(session)).messages.filter((message) => message.kind === 'staff').map((message) => message.text)).toEqual(['Sorry, we only ship on Earth.']);
    const decisions = await (await admin.fetch('/admin/audit?action=review-rejected')).text();
    expect(decisions).toContain('We do not ship off-planet');
    const history_ = await (await admin.fetch('/admin/history?status=rejected&channel=web')).text();
    expect(history_).toContain('Do you ship to Mars?');
  });
});

describe('the review API', () => {
  it('needs the admin bearer token and validates its input', async () => {
    expect((await adminFetch('/admin/api/reviews', {}, null)).status).toBe(401);
    expect((await adminFetch('/admin/api/reviews?status=nope')).status).toBe(400);
    expect((await apiDecide('no-such-review', { decision: 'approve', actor: 'x' })).status).toBe(404);
    expect((await apiDecide('no-such-review', { decision: 'maybe', actor: 'x' })).status).toBe(400);
    expect((await apiDecide('no-such-review', { decision: 'approve' })).status).toBe(400);
  });
});
