import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorker } from '../../scripts/lib/local-worker';
import { chromiumMissing, launchChromium, screenshot, watchProblems } from './support/chromium';
import { consolePages } from './support/console-pages';
import { ingestPublicSamples, PREVIEW_KEY, pendingReviews, setWebStage, startWebChatWorker } from './support/local-web-chat';

const SITE = 'http://shop.example.test';
const ACTOR = 'Rui Reviewer';
const CUSTOMER_QUESTION = 'How do I request a shift swap with a colleague?';
const PREVIEW_QUESTION = 'Can I swap a shift on a public holiday?';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** A customer (or, with the preview key, staff) asks through the web chat API, as the widget does. */
async function ask(worker: LocalWorker, text: string, previewKey?: string): Promise<string> {
  const headers = { origin: SITE, 'content-type': 'application/json' };
  const opened = await fetch(`${worker.origin}/web/sessions`, { method: 'POST', headers, body: JSON.stringify(previewKey ? { previewKey } : {}) });
  expect(opened.status).toBe(201);
  const session = (await opened.json()) as { token: string; conversationId: string };
  const sent = await fetch(`${worker.origin}/web/conversations/${session.conversationId}/messages`, {
    method: 'POST',
    headers: { ...headers, authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ text, clientMessageId: `browser-${Date.now()}` }),
  });
  expect(sent.status).toBe(202);
  return session.conversationId;
}

/** How far the page reaches past the viewport's width (0: it fits). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

// The console's live queue, its keyboard shortcuts and every page on a phone,
// against a real Worker of its own (wrangler dev, throw-away state). The tests
// run in order: the queue fills while it is open, then a review is decided by
// keyboard, then every page is checked at 390 px.
describe.skipIf(chromiumMissing)('the review console, live, by keyboard and on a phone', () => {
  let browser: Browser;
  let worker: LocalWorker;
  let context: BrowserContext;
  let staff: Page;
  let problems: string[];
  let customerReviewId: string;
  let conversationId: string;

  beforeAll(async () => {
    [worker, browser] = await Promise.all([startWebChatWorker(SITE), launchChromium()]);
    await ingestPublicSamples(worker);
    await setWebStage(worker, 'supervised');
    context = await browser.newContext({ viewport: DESKTOP });
    staff = await context.newPage();
    problems = watchProblems(staff);
    await staff.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    const ui = consolePages(staff, worker.origin);
    await ui.signIn(ACTOR, worker.adminToken);
    await staff.waitForURL(`${worker.origin}/admin/reviews`);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('shows a new review in the open queue without a reload, with its draft, confidence, channel and a staff-preview marker', async () => {
    await staff.getByText('Nothing waits for a decision.').waitFor();
    await staff.getByText('Live: new reviews appear as they arrive.').waitFor({ timeout: 15_000 });
    await staff.evaluate(() => {
      (window as { __sameDocument?: boolean }).__sameDocument = true;
    });

    conversationId = await ask(worker, CUSTOMER_QUESTION);
    const customerRow = staff.getByRole('row').filter({ has: staff.getByRole('link', { name: CUSTOMER_QUESTION, exact: true }) });
    await customerRow.waitFor({ timeout: 30_000 });
    const [question, kind, channel, waiting, confidence] = (await customerRow.getByRole('cell').allTextContents()).map((text) => text.trim());
    expect(question).toMatch(/Swap/);
    expect(question).not.toContain('staff preview');
    expect({ kind, channel }).toEqual({ kind: 'review', channel: 'web' });
    expect(waiting).toMatch(/^\d+ (s|min)$/);
    expect(confidence).toMatch(/^\d{1,3}%$/);
    expect(await staff.locator('[data-live-count]').textContent()).toBe('1');

    // A staff preview at supervised goes to review too, and is marked as not a customer's.
    await ask(worker, PREVIEW_QUESTION, PREVIEW_KEY);
    const previewRow = staff.getByRole('row').filter({ has: staff.getByRole('link', { name: PREVIEW_QUESTION, exact: true }) });
    await previewRow.waitFor({ timeout: 30_000 });
    expect(await previewRow.getByText('staff preview', { exact: true }).isVisible()).toBe(true);
    expect(await staff.locator('[data-live-count]').textContent()).toBe('2');
    expect(await staff.title()).toBe('(2) Reviews · Countersign');
    // Still the same page: nothing reloaded it.
    expect(await staff.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await screenshot(staff, 'console-live-queue-1280');
    await staff.setViewportSize(PHONE);
    expect(await overflow(staff)).toBeLessThanOrEqual(0);
    await screenshot(staff, 'console-live-queue-390');
    await staff.setViewportSize(DESKTOP);
    customerReviewId = (await pendingReviews(worker)).find((review) => review.destination.conversationId === conversationId)!.id;
    expect(problems).toEqual([]);
  }, 90_000);

  it('goes to approve, edit and reject with a, e and r, ignores them while typing, and decides only on the button', async () => {
    await staff.goto(`${worker.origin}/admin/reviews/${encodeURIComponent(customerReviewId)}`);
    const hint = staff.locator('[data-shortcuts]');
    expect(await hint.locator('kbd').allTextContents()).toEqual(['a', 'e', 'r']);
    expect(await hint.textContent()).toContain('ignored while typing in a field');
    const edited = staff.getByLabel(/^Edited reply/);
    const reason = staff.getByLabel(/^Why reject/);
    const approve = staff.getByRole('button', { name: 'Approve', exact: true });
    const focused = () => staff.evaluate(() => (document.activeElement as HTMLElement | null)?.outerHTML.slice(0, 60) ?? '');

    // While typing, the letters are text.
    await reason.click();
    await staff.keyboard.type('are');
    expect(await reason.inputValue()).toBe('are');
    await reason.fill('');
    await staff.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    await staff.keyboard.press('e');
    expect(await edited.evaluate((element) => element === document.activeElement)).toBe(true);
    await staff.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await staff.keyboard.press('r');
    expect(await reason.evaluate((element) => element === document.activeElement)).toBe(true);
    await staff.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await staff.keyboard.press('a');
    expect(await approve.evaluate((element) => element === document.activeElement), await focused()).toBe(true);
    // Going to Approve decided nothing: still pending, still this page.
    expect(new URL(staff.url()).search).toBe('');
    expect((await pendingReviews(worker)).some((review) => review.id === customerReviewId)).toBe(true);
    await screenshot(staff, 'console-review-shortcuts');

    // Enter is the button's own press: the approval, with whatever the form asks.
    await staff.keyboard.press('Enter');
    await staff.waitForURL(/\?outcome=decided$/);
    expect(await staff.locator('main .notice').textContent()).toBe(`Approved by ${ACTOR}. The reply was delivered to the asker.`);
    expect(await staff.locator('[data-shortcuts]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('fits every console page into 390 px, with a compact nav, and keeps screenshots at 1280 and 390', async () => {
    const pendingId = (await pendingReviews(worker))[0]!.id;
    const pages: [string, string][] = [
      ['reviews', '/admin/reviews'],
      ['review-pending', `/admin/reviews/${encodeURIComponent(pendingId)}`],
      ['review-decided', `/admin/reviews/${encodeURIComponent(customerReviewId)}`],
      ['history', '/admin/history'],
      ['conversations', '/admin/conversations'],
      ['conversation', `/admin/conversations/web/${encodeURIComponent(conversationId)}`],
      ['knowledge', '/admin/knowledge'],
      ['knowledge-search', '/admin/knowledge/search?q=shift+swap&audience=public'],
      ['knowledge-delete', `/admin/knowledge/delete?id=${encodeURIComponent('shift-swapping.md')}`],
      ['verified', '/admin/verified'],
      ['dashboard', '/admin/dashboard?channel=web&days=30'],
      ['channels', '/admin/rollout'],
      ['calibration', '/admin/calibration'],
      ['audit', '/admin/audit'],
      ['sessions', '/admin/sessions'],
    ];
    const measured: Record<string, { overflow: number; nav: number }> = {};
    for (const [name, path] of pages) {
      await staff.setViewportSize(DESKTOP);
      const response = await staff.goto(`${worker.origin}${path}`);
      expect(response?.status(), path).toBeLessThan(500);
      await screenshot(staff, `console-page-${name}-1280`);
      await staff.setViewportSize(PHONE);
      await staff.reload();
      measured[name] = { overflow: await overflow(staff), nav: Math.round((await staff.locator('nav.top').boundingBox())!.height) };
      await screenshot(staff, `console-page-${name}-390`);
    }
    for (const [name, figures] of Object.entries(measured)) {
      expect(figures.overflow, `${name} is wider than 390 px`).toBeLessThanOrEqual(0);
      expect(figures.nav, `${name}'s nav height`).toBeLessThanOrEqual(100);
    }

    // Signed out: the sign-in page too.
    const signedOut = await browser.newContext({ viewport: PHONE });
    const login = await signedOut.newPage();
    await login.goto(`${worker.origin}/admin/login`);
    expect(await overflow(login)).toBeLessThanOrEqual(0);
    await screenshot(login, 'console-page-login-390');
    await signedOut.close();
    expect(problems).toEqual([]);
  }, 120_000);
});
