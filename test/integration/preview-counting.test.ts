import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, putDocument } from './admin-client';
import { signedIn } from './console-client';
import { openSession, PREVIEW_KEY, send, setStage, settled } from './web-client';

// Staff preview sessions (web chat opened with WEB_PREVIEW_KEY) are staff
// trying the bot, not customers: the dashboard leaves them out and says how
// many it left out; readiness for the step to supervised counts them (an
// internal channel gets no other questions) and says so; the step to
// autonomous does not.

interface Figures {
  metrics: { questions: { total: number; reviewed: number; sent: number; previewsLeftOut: number }; feedback: { votes: number } };
  readiness: { target: string; sample: { questions: number; previewQuestions: number; reviews: number } };
}

async function figures(): Promise<Figures> {
  const response = await adminFetch('/admin/api/metrics?channel=web&days=7');
  expect(response.status).toBe(200);
  return (await response.json()) as Figures;
}

async function ask(session: Awaited<ReturnType<typeof openSession>>, text: string): Promise<void> {
  expect((await send(session, text)).status).toBe(202);
  await settled(session);
}

beforeAll(async () => {
  await putDocument({ id: 'help/returns.md', audience: 'public', format: 'markdown', url: 'https://help.example/returns', content: '# Returns\n## Return window\nYou can return any item within 30 days of delivery for a full refund.' });
});

describe('staff preview questions in the figures', () => {
  it('while internal: the dashboard counts none of them, readiness for supervised counts all of them', async () => {
    const preview = await openSession({ previewKey: PREVIEW_KEY });
    expect(preview).toMatchObject({ stage: 'internal', preview: true });
    await ask(preview, 'How long is the return window?');
    await ask(preview, 'Can I get a full refund?');
    const flagged = await env.DB.prepare("SELECT COUNT(*) AS n FROM drafts WHERE channel = 'web' AND preview = 1").first<{ n: number }>();
    expect(flagged?.n).toBe(2);

    const { metrics, readiness } = await figures();
    expect(metrics.questions).toMatchObject({ total: 0, sent: 0, reviewed: 0, previewsLeftOut: 2 });
    expect(readiness.target).toBe('supervised');
    expect(readiness.sample).toMatchObject({ questions: 2, previewQuestions: 2, reviews: 0 });
  });

  it('once supervised: customer questions count, previews (old and new) still do not, and readiness for autonomous leaves them out', async () => {
    await setStage('supervised');
    const customer = await openSession();
    expect(customer.preview).toBe(false);
    await ask(customer, 'How long is the return window?');
    // A preview session opened at supervised is still staff, not a customer.
    const preview = await openSession({ previewKey: PREVIEW_KEY });
    expect(preview.preview).toBe(true);
    await ask(preview, 'Is the refund full?');

    const { metrics, readiness } = await figures();
    expect(metrics.questions).toMatchObject({ total: 1, reviewed: 1, previewsLeftOut: 3 });
    expect(readiness.target).toBe('autonomous');
    expect(readiness.sample).toMatchObject({ questions: 1, previewQuestions: 0 });
  });

  it('the dashboard and the Channels page say what they counted', async () => {
    const staff = await signedIn('reviewer');
    const dashboard = await (await staff.fetch('/admin/dashboard?channel=web&days=7')).text();
    expect(dashboard).toMatch(/<tr><th>Total<\/th><td>1<\/td><\/tr>/);
    expect(dashboard).toMatch(/<tr><th>Staff previews \(not counted\)<\/th><td>3<\/td><\/tr>/);
    expect(dashboard).toContain('Questions from staff preview sessions are left out of every figure on this page');
    const channels = await (await staff.fetch('/admin/rollout')).text();
    expect(channels).toContain('1 questions (of the latest 200), staff preview questions left out.');
  });
});
