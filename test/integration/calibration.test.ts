import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictApproval } from '../../src/domain/calibration/logistic';
import worker from '../../src/index';
import { CRONS } from '../../src/platform/scheduled';
import { adminFetch, putDocument } from './admin-client';
import { signedIn } from './console-client';
import { openSession, send, setStage, settled } from './web-client';

interface Calibration {
  calibration: { target: number; threshold: number; thresholdBasis: string; fitVersion: number | null; model: { version: string; intercept: number; coefficients: Record<string, number>; fittedOn: { decisions: number; source: string; fittedAt: string } } };
  fit: { version: number; decisions: number; approved: number; previousModel: string } | null;
  history: { version: number }[];
  minimum: { enough: boolean; decisions: number };
  reliability: { decisions: number; observed: { count: number; of: number } }[];
  expected: { threshold: number; sentWithoutReview: { of: number; low: number; high: number }; approvalOfSent: { of: number } };
}

const HELP = `# Help centre
## Returns
You can return any item within 30 days of delivery for a full refund. Returns are free with the prepaid label in your parcel.
## Shipping to Canada
Orders to Canada arrive in 5 to 7 business days. Duties are included in the price at checkout.
## Payment methods
We accept Visa, Mastercard, American Express and PayPal. Invoices are available for business accounts.
## Warranty
Every appliance has a two year warranty covering manufacturing defects. Keep your receipt as proof of purchase.
## Gift cards
Gift cards never expire and can be used for any product in the store, including sale items.`;

// Staff approve the questions the help centre answers and reject those it only brushes against.
// The approved ones are worded differently each time: a repeated question would reuse the
// approved reply (a verified answer), which teaches the model nothing and is left out of fits.
const ANSWERED = [
  'How many days do I have to return an item for a refund?',
  'What is the return window after delivery?',
  'Can I get a full refund if I send an item back?',
  'Are returns free?',
  'Is there a prepaid label for returning a parcel?',
  'How long do orders to Canada take to arrive?',
  'How many business days is delivery to Canada?',
  'Are duties included when I order to Canada?',
  'When will my Canadian order arrive?',
  'Do I pay duties at checkout for Canada?',
  'Which payment methods do you accept?',
  'Can I pay with PayPal?',
  'Do you take American Express cards?',
  'Are invoices available for business accounts?',
  'Can I pay by Visa or Mastercard?',
  'How long is the warranty on an appliance?',
  'Does the warranty cover manufacturing defects?',
  'Do I need my receipt as proof of purchase for the warranty?',
  'Is there a two year warranty?',
  'What does the appliance warranty cover?',
  'Do gift cards expire?',
  'Can gift cards be used on sale items?',
  'Can I use a gift card for any product in the store?',
  'Is there an expiry date on gift cards?',
  'Are sale items eligible for gift card payment?',
];
const BRUSHED = [
  'Are duties included in the price for orders to Mexico?',
  'Does the appliance warranty cover accidental damage?',
  'Can I pay for a gift card with an invoice?',
];

async function runNightly(): Promise<void> {
  const controller = { cron: CRONS.nightly, scheduledTime: Date.now(), noRetry() {} } as ScheduledController;
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
}

async function calibration(): Promise<Calibration> {
  const response = await adminFetch('/admin/api/calibration/web');
  expect(response.status).toBe(200);
  return (await response.json()) as Calibration;
}

function putTarget(body: Record<string, unknown>): Promise<Response> {
  return adminFetch('/admin/api/calibration/web/target', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Asks a question in the supervised web chat and decides its review through the review API. */
async function askAndDecide(question: string, decision: 'approve' | 'reject'): Promise<void> {
  const session = await openSession();
  expect((await send(session, question)).status).toBe(202);
  expect((await settled(session)).awaiting).toBe('review');
  const { reviews } = (await (await adminFetch('/admin/api/reviews?status=pending&channel=web')).json()) as { reviews: { id: string; kind: string; destination: { conversationId?: string } }[] };
  const review = reviews.find((candidate) => candidate.destination.conversationId === session.conversationId)!;
  expect(review.kind, question).toBe('review');
  const response = await adminFetch(`/admin/api/reviews/${review.id}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ decision, actor: 'staff@example.com', ...(decision === 'reject' ? { reason: 'not what the help centre says' } : {}) }),
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  expect((await putDocument({ id: 'help/centre.md', audience: 'public', format: 'markdown', url: 'https://help.example/centre', content: HELP })).status).toBeLessThan(300);
  await setStage('supervised');
});

describe('a channel learns from its staff decisions', () => {
  it('refits on the cron after enough decisions: a new version, new coefficients and a threshold from the target, shown in the console', async () => {
    // An admin asks for 80% of sent replies approved: 16 all-approved decisions can show that, 73 are needed for 95%.
    const set = await putTarget({ target: 0.8, actor: 'ana@example.com', reason: 'start lenient while staff review everything' });
    expect(set.status).toBe(200);
    const before = await calibration();
    expect(before.fit).toBeNull();
    expect(before.calibration).toMatchObject({ target: 0.8, thresholdBasis: 'prior', fitVersion: null });

    // 25 approved and 15 rejected: 40 decisions in all (the minimum is 30 with 5 of each outcome).
    for (let round = 0; round < 5; round++) {
      const approve = ANSWERED.slice(round * 5, round * 5 + 5).map((question) => askAndDecide(question, 'approve'));
      await Promise.all([...approve, ...BRUSHED.map((question) => askAndDecide(question, 'reject'))]);
    }
    expect((await calibration()).minimum).toMatchObject({ enough: true, decisions: 40 });

    await runNightly();
    const after = await calibration();
    expect(after.fit).toMatchObject({ version: 1, decisions: 40, approved: 25, previousModel: before.calibration.model.version });
    expect(after.calibration.model.version).toBe('web-v1');
    expect(after.calibration).toMatchObject({ fitVersion: 1, thresholdBasis: 'channel', target: 0.8 });
    expect(after.calibration.model.coefficients).not.toEqual(before.calibration.model.coefficients);
    expect(after.calibration.threshold).not.toBe(before.calibration.threshold);
    expect(after.reliability.reduce((sum, bin) => sum + bin.decisions, 0)).toBe(40);
    expect(after.reliability.reduce((sum, bin) => sum + bin.observed.count, 0)).toBe(25);
    expect(after.expected.threshold).toBe(after.calibration.threshold);
    expect(after.expected.sentWithoutReview.of).toBeGreaterThanOrEqual(40);

    // Audited, and a second run with no new decision adds no version.
    const audit = (await (await adminFetch('/admin/audit-log?action=calibration-refitted')).json()) as { entries: { subject: string; details: { version: number } }[] };
    expect(audit.entries.filter((entry) => entry.subject === 'web').map((entry) => entry.details.version)).toEqual([1]);
    await runNightly();
    expect((await calibration()).history.map((fit) => fit.version)).toEqual([1]);

    // The console shows the new version, its coefficients beside the prior's, and the reliability numbers.
    const admin = await signedIn('admin');
    const page = await (await admin.fetch('/admin/calibration')).text();
    const section = page.slice(page.indexOf('id="calibration-web"'));
    expect(section).toContain('web-v1');
    expect(section).toContain('version 1, fitted');
    expect(section).toContain('on 40 decisions (25 approved unedited)');
    expect(section).toContain('Reliability of version 1');
    expect(section).toContain('from the channel&#39;s decisions');
    const [name, weight] = Object.entries(after.calibration.model.coefficients).find(([, value]) => value !== 0)!;
    expect(section).toContain(`<td>${name}</td>`);
    expect(section).toContain(weight.toFixed(3));
    // A channel without decisions stays on the prior and says how far it is from its first fit.
    const slack = page.slice(page.indexOf('id="calibration-slack"'), page.indexOf('id="calibration-web"'));
    expect(slack).toContain('the prior: no fit yet (0 of the 30 staff decisions needed.)');
    expect(slack).toContain('the prior&#39;s');

    // The very next answer in the channel is scored by the refitted model and held to the new
    // threshold (at autonomous, where the threshold decides).
    await setStage('autonomous');
    // The sign-off keeps the expected figures at that threshold in its audit entry.
    const signOff = (await (await adminFetch('/admin/audit-log?action=stage-changed')).json()) as { entries: { subject: string; details: { to: string; readiness: { figures: { expected: Calibration['expected'] } } } }[] };
    const entry = signOff.entries.find((candidate) => candidate.subject === 'web' && candidate.details.to === 'autonomous')!;
    expect(entry.details.readiness.figures.expected).toMatchObject({ threshold: after.calibration.threshold, approvalOfSent: after.expected.approvalOfSent });
    const session = await openSession();
    await send(session, 'Does the warranty cover water damage on appliances?');
    await settled(session);
    const draft = await env.DB.prepare("SELECT confidence, features, reasons FROM drafts WHERE channel = 'web' ORDER BY created_at DESC LIMIT 1").first<{ confidence: number; features: string; reasons: string }>();
    expect(draft!.confidence).toBeCloseTo(predictApproval(after.calibration.model, JSON.parse(draft!.features)), 2);
    expect(draft!.reasons).toContain(`threshold ${after.calibration.threshold.toFixed(2)}`);
    await setStage('supervised');
  }, 120_000);

  it('lets an admin set the target in the console (CSRF, admin only, audited) and the threshold follows', async () => {
    const admin = await signedIn('admin');
    const csrf = await admin.csrf('/admin/calibration');
    const saved = await admin.fetch('/admin/calibration/web/target', { form: { _csrf: csrf, target: '90', reason: 'customers expect better' } });
    expect(saved.status).toBe(303);
    const page = await (await admin.fetch(saved.headers.get('location')!)).text();
    expect(page).toContain('The target for web is now 90.0%');
    expect((await calibration()).calibration.target).toBe(0.9);

    const forged = await admin.fetch('/admin/calibration/web/target', { form: { _csrf: 'not-the-token', target: '60', reason: 'x' } });
    expect(forged.status).toBe(403);
    const reviewer = await signedIn('reviewer');
    const refused = await reviewer.fetch('/admin/calibration/web/target', { form: { _csrf: await reviewer.csrf('/admin/calibration'), target: '60', reason: 'x' } });
    expect(refused.status).toBe(403);
    const bad = await admin.fetch('/admin/calibration/web/target', { form: { _csrf: csrf, target: '100', reason: 'x' } });
    expect(bad.status).toBe(400);
    expect((await calibration()).calibration.target).toBe(0.9);

    const audit = (await (await adminFetch('/admin/audit-log?action=calibration-target-set')).json()) as { entries: { actor: string; comment: string; details: { from: number; to: number } }[] };
    expect(audit.entries[0]).toMatchObject({ actor: 'ana@example.com', comment: 'customers expect better', details: { from: 0.8, to: 0.9 } });
  });

  it('refuses a target outside 50%–99% or an unknown channel through the API, storing nothing', async () => {
    expect((await putTarget({ target: 1, actor: 'ana@example.com', reason: 'x' })).status).toBe(400);
    expect((await putTarget({ target: '0.9', actor: 'ana@example.com', reason: 'x' })).status).toBe(400);
    expect((await putTarget({ target: 0.9, reason: 'x' })).status).toBe(400);
    const unknown = await adminFetch('/admin/api/calibration/nowhere/target', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ target: 0.9, actor: 'a', reason: 'x' }) });
    expect(unknown.status).toBe(404);
    expect((await adminFetch('/admin/api/calibration/web', {}, null)).status).toBe(401);
    expect((await calibration()).calibration.target).toBe(0.9);
  });

  it('shows the expected figures at the threshold on the sign-off page and in the readiness report', async () => {
    const readiness = (await (await adminFetch('/admin/api/readiness?channel=web')).json()) as { readiness: { expected: Calibration['expected'] } };
    expect(readiness.readiness.expected.threshold).toBe((await calibration()).calibration.threshold);
    expect(readiness.readiness.expected.sentWithoutReview.of).toBeGreaterThan(0);
    const admin = await signedIn('admin');
    const page = await (await admin.fetch('/admin/rollout')).text();
    expect(page).toMatch(/Sent without review: [\d.]+% \(\d+ of \d+ recent questions; 95% interval [\d.]+%–[\d.]+%\)/);
    expect(page).toMatch(/Approved unedited among sent replies: /);
  });
});
