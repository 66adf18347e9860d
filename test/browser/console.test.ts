import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorker } from '../../scripts/lib/local-worker';
import { chromiumMissing, launchChromium, screenshot, watchProblems } from './support/chromium';
import { consolePages, hasConsoleSession } from './support/console-pages';
import { type HostSite, startHostSite } from './support/host-page';
import { ingestPublicSamples, startWebChatWorker } from './support/local-web-chat';
import { widget } from './support/widget';

const ACTOR = 'Ana Reviewer';
const QUESTION = 'How do I request a shift swap with a colleague?';
const SIGN_OFF_COMMENT = 'Preview answers checked by the browser test.';
const OVERRIDE_REASON = 'A fresh install has no figures yet; every reply is reviewed in supervised.';

// The review console end to end, as staff use it: a real Worker of its own
// (wrangler dev, throw-away state, so the stage it changes touches no other
// test file), the console in one browser context and a customer on an
// embedding site in another. The tests run in order and build on each other:
// sign in, sign the web channel off to supervised, a customer asks, staff
// approve, the dashboard counts it.
describe.skipIf(chromiumMissing)('review console in a browser against a local Worker', () => {
  let browser: Browser;
  let worker: LocalWorker;
  let site: HostSite;
  let staffContext: BrowserContext;
  let staff: Page;
  let staffProblems: string[];
  let customer: Page;
  let customerProblems: string[];
  let conversationId: string;

  beforeAll(async () => {
    site = await startHostSite();
    [worker, browser] = await Promise.all([startWebChatWorker(site.origin), launchChromium()]);
    await ingestPublicSamples(worker);
    staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    staff = await staffContext.newPage();
    staffProblems = watchProblems(staff);
    // The console's CSP allows no inline script or style: any violation is a bug.
    await staff.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await site?.close();
  });

  it('signs in through the form; a wrong token shows the error and opens no session', async () => {
    const ui = consolePages(staff, worker.origin);
    await ui.signIn(ACTOR, 'not-the-admin-token');
    await staff.getByText('That token is not valid.').waitFor();
    // The form keeps the name, never the token.
    expect(await staff.getByLabel('Your name or email').inputValue()).toBe(ACTOR);
    expect(await staff.getByLabel('Token').inputValue()).toBe('');
    expect(await hasConsoleSession(staffContext, worker.origin)).toBe(false);
    await screenshot(staff, 'console-sign-in-refused');
    await staff.goto(`${worker.origin}/admin/reviews`);
    expect(new URL(staff.url()).pathname).toBe('/admin/login');
    expect(new URL(staff.url()).searchParams.get('next')).toBe('/admin/reviews');

    await ui.signIn(ACTOR, worker.adminToken);
    await staff.waitForURL(`${worker.origin}/admin/reviews`);
    await staff.getByRole('heading', { level: 1, name: 'Reviews' }).waitFor();
    expect(await hasConsoleSession(staffContext, worker.origin)).toBe(true);
    expect(await staff.getByRole('navigation').textContent()).toContain(`${ACTOR} admin`);
    await staff.getByText('Nothing waits for a decision.').waitFor();
    await screenshot(staff, 'console-signed-in');
    expect(staffProblems).toEqual([]);
  });

  it('signs the web channel off from internal to supervised with an override, and the audit log records it', async () => {
    const ui = consolePages(staff, worker.origin);
    await ui.navLink('Channels').click();
    await staff.waitForURL(`${worker.origin}/admin/rollout`);
    const web = ui.channel('web');
    expect(await web.getByRole('heading', { level: 2 }).textContent()).toMatch(/^web\s+internal$/);
    // No figures yet on a fresh install: the bars to supervised are unmet.
    expect(await web.getByRole('cell', { name: '✗ not met' }).count()).toBeGreaterThan(0);
    await web.getByLabel('Comment for the audit log (required)').fill(SIGN_OFF_COMMENT);
    await web.getByLabel('Override: move up anyway').check();
    await web.getByLabel('Why the unmet bars are acceptable').fill(OVERRIDE_REASON);
    await screenshot(staff, 'console-channels-sign-off');
    await web.getByRole('button', { name: 'Move to supervised' }).click();

    await staff.waitForURL(/\/admin\/rollout\?changed=web&stage=supervised$/);
    expect(await ui.notice.textContent()).toBe('Channel web is now supervised; the audit log has the sign-off.');
    expect(await web.getByRole('heading', { level: 2 }).textContent()).toMatch(/^web\s+supervised$/);
    expect(await web.getByText(/last changed .* by /).textContent()).toContain(`by ${ACTOR}`);
    await screenshot(staff, 'console-channels-supervised');

    await ui.navLink('Audit log').click();
    await staff.waitForURL(`${worker.origin}/admin/audit`);
    const change = staff.getByRole('row').filter({ has: staff.getByRole('cell', { name: 'stage-changed', exact: true }) });
    expect(await change.count()).toBe(1);
    const [, who, action, subject, comment, details] = (await change.getByRole('cell').allTextContents()).map((text) => text.trim());
    expect({ who, action, subject }).toEqual({ who: ACTOR, action: 'stage-changed', subject: 'web' });
    expect(comment).toBe(`${SIGN_OFF_COMMENT}\nOverride: ${OVERRIDE_REASON}`);
    expect(JSON.parse(details!.replace(/^figures/, ''))).toMatchObject({ from: 'internal', to: 'supervised', direction: 'up', override: true });
    // Sign-ins are audited too: the refused one under the name as typed, then the real one.
    const actorsOf = (action: string) =>
      staff
        .getByRole('row')
        .filter({ has: staff.getByRole('cell', { name: action, exact: true }) })
        .evaluateAll((rows) => rows.map((row) => (row as HTMLTableRowElement).cells[1]?.textContent?.trim()));
    expect(await actorsOf('console-sign-in')).toEqual([ACTOR]);
    expect(await actorsOf('console-sign-in-failed')).toEqual([ACTOR]);
    await screenshot(staff, 'console-audit-log');
    expect(staffProblems).toEqual([]);
  });

  it('a customer on the embedding site asks and sees that a teammate is reviewing', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    customer = await context.newPage();
    customerProblems = watchProblems(customer);
    await customer.goto(site.page('/', { scriptSrc: `${worker.origin}/widget.js`, attributes: { channel: 'web', title: 'Lumen Loop help', theme: 'light' } }));
    const chat = widget(customer);
    await chat.launcher.click();
    await chat.ask(QUESTION);
    await chat.message('A teammate is checking the answer').waitFor({ timeout: 30_000 });
    // An ordinary session (no preview badge), bound to one conversation.
    expect(await customer.getByText('Staff preview').isHidden()).toBe(true);
    conversationId = await customer.evaluate(() => JSON.parse(Object.entries(localStorage).find(([key]) => key.startsWith('countersign:'))?.[1] ?? '{}').conversationId);
    expect(conversationId).toMatch(/\S/);
    // Marks this document: after the approval it must still be the same one (no reload).
    await customer.evaluate(() => {
      (window as { __sameDocument?: boolean }).__sameDocument = true;
    });
    await screenshot(customer, 'console-customer-reviewing');
    expect(customerProblems).toEqual([]);
  });

  it('staff approve the question from the Reviews queue, and the reply appears live in the customer chat', async () => {
    const ui = consolePages(staff, worker.origin);
    await ui.navLink('Reviews').click();
    await staff.waitForURL(`${worker.origin}/admin/reviews`);
    const item = staff.getByRole('link', { name: QUESTION, exact: true });
    // The customer saw the review state, so the review exists; reload a few times in case the page raced it.
    await expect
      .poll(
        async () => {
          if ((await item.count()) === 0) await staff.reload();
          return item.count();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe(1);
    expect(await staff.getByRole('row').filter({ has: item }).getByRole('cell').nth(2).textContent()).toBe('web');
    await screenshot(staff, 'console-reviews-queue');

    await item.click();
    await staff.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    // The review of our customer's conversation, with the question and an extractive draft.
    expect(await staff.getByRole('link', { name: 'conversation', exact: true }).getAttribute('href')).toBe(`/admin/conversations/web/${encodeURIComponent(conversationId)}`);
    expect(await staff.locator('blockquote.question').textContent()).toBe(QUESTION);
    expect(await staff.getByRole('heading', { level: 2, name: 'Draft' }).locator('xpath=..').textContent()).toContain('Swap');
    // The extractive draft's quote is rendered as a quote, as the widget shows it, not as raw "> ".
    expect(await staff.locator('.reply.markdown blockquote').count()).toBeGreaterThan(0);
    expect(await staff.locator('.reply.markdown').first().textContent()).not.toContain('> ');
    await screenshot(staff, 'console-review-pending');
    await staff.getByRole('button', { name: 'Approve', exact: true }).click();

    await staff.waitForURL(/\/admin\/reviews\/[^/?]+\?outcome=decided$/);
    expect(await ui.notice.textContent()).toBe(`Approved by ${ACTOR}. The reply was delivered to the asker.`);
    expect(await staff.getByRole('heading', { level: 2, name: 'Decision' }).locator('xpath=..').textContent()).toContain(`Approved by ${ACTOR}`);
    await screenshot(staff, 'console-review-approved');

    const chat = widget(customer);
    await chat.message(/Swap/).and(customer.locator('.bot')).waitFor({ timeout: 30_000 });
    await expect.poll(() => chat.status.textContent(), { timeout: 10_000 }).toBe('');
    // The reply to that question clears its holding message.
    expect(await customer.locator('countersign-chat').getByText(/teammate/i).filter({ visible: true }).count()).toBe(0);
    expect(await chat.message(/Swap/).and(customer.locator('.bot')).count()).toBe(1);
    expect(await customer.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await screenshot(customer, 'console-customer-approved');
    expect(customerProblems).toEqual([]);
    expect(staffProblems).toEqual([]);
  }, 90_000);

  it('the dashboard for web draws its charts and counts the reviewed, approved question', async () => {
    const ui = consolePages(staff, worker.origin);
    await staff.goto(`${worker.origin}/admin/dashboard?channel=web&days=30`);
    await staff.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(await staff.getByRole('main').textContent()).toContain('web · supervised');

    expect(await staff.locator('main svg').count()).toBeGreaterThanOrEqual(3);
    const perDay = await ui.chartBars('Questions per day');
    expect(perDay.filter((bar) => bar.tone === 'reviewed' && bar.height > 0)).toHaveLength(1);
    const outcomes = await ui.chartBars('Outcomes (reviews and samples)');
    expect(outcomes.find((bar) => bar.tone === 'approved')?.width).toBeGreaterThan(0);
    // The shapes are laid out by the browser, not only present in the markup.
    const drawn = await staff.locator('main svg rect').evaluateAll((rects) => rects.filter((rect) => rect.getBoundingClientRect().width > 0 && rect.getBoundingClientRect().height > 0).length);
    expect(drawn).toBeGreaterThanOrEqual(2);

    // The numbers beside the charts.
    expect(await ui.figure('Reviewed first')).toEqual(['1']);
    expect(await ui.figure('Approved without edits')).toEqual(['1', '100%']);
    expect(await ui.figure('Decisions timed')).toEqual(['1']);
    await screenshot(staff, 'console-dashboard');
    expect(staffProblems).toEqual([]);
  });
  it('an upload needs an audience chosen; a refused one says why in words and keeps what was entered', async () => {
    const ui = consolePages(staff, worker.origin);
    await ui.navLink('Knowledge').click();
    await staff.waitForURL(`${worker.origin}/admin/knowledge`);
    const upload = staff.locator('form[action="/admin/knowledge"]');
    await upload.getByLabel('…or paste the text').fill('# Returns\n## Window\nSend it back within 30 days.');
    await upload.getByLabel(/^Id/).fill('browser/returns.md');
    await upload.getByLabel('Title (optional)').fill('Returns & exchanges');
    await upload.getByLabel(/^Link for citations/).fill('javascript:alert(1)');
    // No audience is chosen for the admin: the browser asks for one before anything is sent.
    expect(await upload.locator('input[name="audience"]:checked').count()).toBe(0);
    await upload.getByRole('button', { name: 'Upload' }).click();
    expect(await upload.locator('input[name="audience"]').first().evaluate((input) => (input as HTMLInputElement).validationMessage)).not.toBe('');
    expect(new URL(staff.url()).pathname).toBe('/admin/knowledge');

    await upload.getByLabel(/customers can read this/).check();
    await upload.getByRole('button', { name: 'Upload' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Upload refused' }).waitFor();
    expect(await ui.notice.textContent()).toContain('must be a full web address starting with http:// or https://');
    const kept = staff.locator('form[action="/admin/knowledge"]');
    expect(await kept.getByLabel(/^Id/).inputValue()).toBe('browser/returns.md');
    expect(await kept.getByLabel('Title (optional)').inputValue()).toBe('Returns & exchanges');
    expect(await kept.getByLabel(/^Link for citations/).inputValue()).toBe('javascript:alert(1)');
    expect(await kept.getByLabel('…or paste the text').inputValue()).toBe('# Returns\n## Window\nSend it back within 30 days.');
    expect(await kept.getByLabel(/customers can read this/).isChecked()).toBe(true);
    await screenshot(staff, 'console-upload-refused');

    await kept.getByLabel(/^Link for citations/).fill('https://help.example/returns');
    await kept.getByRole('button', { name: 'Upload' }).click();
    await staff.waitForURL(/\/admin\/knowledge\?done=added&id=browser%2Freturns\.md$/);
    expect(await ui.notice.textContent()).toBe('Document "browser/returns.md" added.');
    expect(staffProblems).toEqual([]);
  });
});
