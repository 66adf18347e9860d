import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorker } from '../../scripts/lib/local-worker';
import { chromiumMissing, launchChromium, screenshot, watchProblems } from './support/chromium';
import { consolePages } from './support/console-pages';
import { type HostSite, startHostSite } from './support/host-page';
import { ingestPublicSamples, setWebStage, startWebChatWorker } from './support/local-web-chat';
import { widget } from './support/widget';

const QUESTION = 'Can I swap a shift with someone on another team?';
const REPLY = 'Yes, ask **your manager** first.\n\n> Swaps across teams need both managers.\n\n- Open the shift\n- Choose *Swap*\n\n<img src=x onerror="window.__pwned=1"> [guide](https://help.example.com/swap) [bad](javascript:window.__pwned=2)';

// Staff reply in a web chat conversation from the console, in real browsers:
// the form on the conversation page (no script needed), and the customer's
// widget showing the reply live, rendered with the same Markdown subset and
// marked as written by staff.
describe.skipIf(chromiumMissing)('staff reply from the console, in a browser', () => {
  let browser: Browser;
  let worker: LocalWorker;
  let site: HostSite;
  let staff: Page;
  let customer: Page;

  beforeAll(async () => {
    site = await startHostSite();
    [worker, browser] = await Promise.all([startWebChatWorker(site.origin), launchChromium()]);
    await ingestPublicSamples(worker);
    await setWebStage(worker, 'supervised');
    staff = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    customer = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await site?.close();
  });

  it('a reviewer replies in the conversation; the customer sees it once, live, marked as from the support team', async () => {
    const staffProblems = watchProblems(staff);
    const customerProblems = watchProblems(customer);
    await customer.goto(site.page('/', { scriptSrc: `${worker.origin}/widget.js`, attributes: { channel: 'web', title: 'Lumen Loop help', theme: 'light' } }));
    const chat = widget(customer);
    await chat.launcher.click();
    await chat.ask(QUESTION);
    await chat.message('A teammate is checking the answer').waitFor({ timeout: 30_000 });
    const conversationId = await customer.evaluate(() => JSON.parse(Object.entries(localStorage).find(([key]) => key.startsWith('countersign:'))?.[1] ?? '{}').conversationId);

    const ui = consolePages(staff, worker.origin);
    await ui.signIn('Rui Reviewer', worker.adminToken);
    await staff.waitForURL(`${worker.origin}/admin/reviews`);
    await staff.goto(`${worker.origin}/admin/conversations/web/${conversationId}`);
    await staff.getByRole('heading', { level: 2, name: 'Reply to the asker' }).waitFor();
    // An empty reply is refused by the browser itself (required); the server refuses it too (integration tests).
    await staff.getByRole('button', { name: 'Send reply' }).click();
    expect(new URL(staff.url()).pathname).toBe(`/admin/conversations/web/${conversationId}`);
    await staff.getByLabel(/Your reply/).fill(REPLY);
    await staff.getByRole('button', { name: 'Send reply' }).click();
    await staff.waitForURL(/\?replied=sent#reply$/);
    expect(await ui.notice.first().textContent()).toBe('Reply sent. The asker sees it marked as from the support team.');
    const sent = staff.locator('li.turn.staff').last();
    expect(await sent.locator('strong').first().textContent()).toBe('your manager');
    expect(await sent.locator('blockquote').textContent()).toBe('Swaps across teams need both managers.');
    await screenshot(staff, 'console-conversation-replied');

    const reply = chat.message('your manager');
    await reply.waitFor({ timeout: 20_000 });
    expect(await reply.getAttribute('class')).toContain('staff');
    expect(await reply.locator('.by').textContent()).toBe('From the support team');
    expect(await reply.locator('strong').textContent()).toBe('your manager');
    expect(await reply.locator('blockquote').textContent()).toBe('Swaps across teams need both managers.');
    expect(await reply.locator('li').allTextContents()).toEqual(['Open the shift', 'Choose *Swap*']);
    expect(await reply.locator('a').evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([['guide', 'https://help.example.com/swap']]);
    expect(await reply.locator('img').count()).toBe(0);
    expect(await reply.textContent()).toContain('<img src=x');
    await expect.poll(() => chat.status.textContent(), { timeout: 10_000 }).toBe('');
    expect(await chat.message('your manager').count()).toBe(1);
    expect(await customer.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await screenshot(customer, 'widget-staff-reply');
    expect(staffProblems).toEqual([]);
    expect(customerProblems).toEqual([]);
  }, 120_000);

  it('rejects from a browser without JavaScript: a reason and the confirmation are needed, and the asker is told what will happen', async () => {
    const noScript = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false })).newPage();
    const problems = watchProblems(noScript);
    const chat = widget(customer);
    await chat.ask('Can my manager approve a swap after the shift started?');
    await expect.poll(() => chat.message('A teammate is checking the answer').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    const ui = consolePages(noScript, worker.origin);
    await ui.signIn('Rui Reviewer', worker.adminToken);
    await noScript.waitForURL(`${worker.origin}/admin/reviews`);
    await noScript.getByRole('link', { name: 'Can my manager approve a swap after the shift started?', exact: true }).click();
    await noScript.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    const form = noScript.locator('form.reject-form');
    const reject = form.getByRole('button', { name: /^Reject/ });
    // Nothing typed, nothing ticked: the browser refuses to send it (HTML form validation, no script).
    await reject.click();
    expect(await form.getByLabel(/Why reject/).evaluate((input) => (input as HTMLInputElement).validity.valueMissing)).toBe(true);
    await form.getByLabel(/Why reject/).fill('A swap after the start needs a person');
    await reject.click();
    expect(await form.getByRole('checkbox', { name: /I confirm/ }).evaluate((input) => (input as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(new URL(noScript.url()).search).toBe('');
    await form.getByRole('radio', { name: /A member of our team will reply here/ }).check();
    await form.getByRole('checkbox', { name: /I confirm/ }).check();
    await screenshot(noScript, 'console-reject-form');
    await reject.click();
    await noScript.waitForURL(/\?outcome=decided$/);
    await noScript.getByText('The asker was told a member of the team will reply').waitFor();
    await chat.message('A member of our team will reply here.').waitFor({ timeout: 20_000 });
    expect(problems).toEqual([]);
  }, 120_000);
});
