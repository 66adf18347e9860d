import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, screenshot, watchProblems } from './support/chromium';
import { FAKE_API, FAKE_HOST, FakeWebApi } from './support/fake-web-api';
import { elementsInLog, hasFocus, widget } from './support/widget';

// The widget against docs/web-chat.md's API, faked in the page: the states a
// real server reaches only by accident (dropped sockets, 503s, hostile text).
describe.skipIf(chromiumMissing)('web chat widget (fake API)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: FakeWebApi;
  let problems: string[];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    page = await context.newPage();
    problems = watchProblems(page);
    api = new FakeWebApi();
  });
  afterEach(async () => {
    await context?.close();
  });

  async function openWidget(host: Parameters<FakeWebApi['install']>[1] = {}) {
    await api.install(page, { attributes: { channel: 'web', title: 'Lumen Loop help' }, ...host });
    await page.goto(`${FAKE_HOST}/`);
    await widget(page).launcher.click();
    return widget(page);
  }

  it('renders HTML from the customer and the server as text, and light Markdown as elements', async () => {
    api.onQuestion = () =>
      api.answer('Plain <b>not bold</b> <img src=x onerror="window.__pwned=2">\n\n- **Step one**: open [Settings](https://help.example.com/settings)\n- [bad](javascript:window.__pwned=3)\n\nSee https://help.example.com/x.', {
        sources: [
          { title: 'Shift swapping', url: 'https://help.example.com/shift-swapping' },
          { title: '<i>Evil</i>', url: 'javascript:window.__pwned=4' },
          { title: 'Internal note', url: null },
        ],
      });
    const chat = await openWidget();
    await chat.ask('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">');
    await chat.message('Step one').waitFor();

    await expect.poll(() => chat.message('<script>window.__pwned=1</script>').count()).toBe(1);
    const elements = await elementsInLog(page);
    expect(elements).not.toContain('script');
    expect(elements).not.toContain('img');
    expect(elements).not.toContain('b');
    expect(elements).not.toContain('i');
    expect(elements).toEqual(expect.arrayContaining(['strong', 'ul', 'li', 'a']));
    const links = await page.locator('countersign-chat .log a').evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('rel')]));
    expect(links).toEqual([
      ['Settings', 'https://help.example.com/settings', 'noopener noreferrer nofollow'],
      ['https://help.example.com/x', 'https://help.example.com/x', 'noopener noreferrer nofollow'],
      ['Shift swapping', 'https://help.example.com/shift-swapping', 'noopener noreferrer nofollow'],
    ]);
    await expect.poll(() => chat.message('Step one').textContent()).toContain('<i>Evil</i>');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await readFile('public/widget.js', 'utf8')).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    await screenshot(page, 'fake-markdown-and-sources');
    expect(problems).toEqual([]);
  });

  it("keeps the host page's CSS out, and is a labelled live region with keyboard behaviour", async () => {
    const chat = await openWidget({ css: '* { color: rgb(255, 0, 0) !important; font-size: 40px !important; background: yellow !important }' });
    await expect.poll(() => hasFocus(chat.input)).toBe(true);
    await expect.poll(() => chat.launcher.getAttribute('aria-expanded')).toBe('true');
    const colours = await page.locator('countersign-chat').evaluate((host) => {
      const root = host.shadowRoot!;
      return ['.hello', 'h2', 'textarea'].map((selector) => getComputedStyle(root.querySelector(selector)!).color);
    });
    for (const colour of colours) expect(colour).not.toBe('rgb(255, 0, 0)');
    await expect.poll(() => page.locator('.host-text').evaluate((element) => getComputedStyle(element).color)).toBe('rgb(255, 0, 0)');
    await expect.poll(() => chat.log.getAttribute('aria-live')).toBe('polite');

    await chat.input.fill('line one');
    await chat.input.press('Shift+Enter');
    await chat.input.pressSequentially('line two');
    await expect.poll(() => chat.input.inputValue()).toBe('line one\nline two');
    await chat.input.press('Enter');
    await expect.poll(() => chat.message('line one\nline two').count()).toBe(1);
    await expect.poll(() => chat.input.inputValue()).toBe('');

    await chat.input.press('Escape');
    await expect.poll(() => chat.launcher.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => hasFocus(chat.launcher)).toBe(true);
    await screenshot(page, 'fake-isolated-styles');
  });

  it('shows one holding message for a reviewed question, keeps it off later answers, and clears it when its own reply arrives', async () => {
    const chat = await openWidget();
    await chat.ask('Can I get a refund for last month?');
    await expect.poll(() => chat.status.textContent()).toContain('Checking');
    api.hold();
    await chat.message('A teammate is checking').waitFor();
    // One holding message, in the log beside its question: no second copy as a banner.
    await expect.poll(() => page.locator('countersign-chat').getByText(/teammate/i).filter({ visible: true }).count()).toBe(1);
    await expect.poll(() => chat.status.textContent()).toBe('');
    await screenshot(page, 'fake-review-state');

    // A later question answered at once: the newest answer does not look under review.
    api.onQuestion = () => api.answer('Swaps are under **Settings**.');
    await chat.ask('How do I swap shifts?');
    await chat.message('Swaps are under').waitFor();
    await expect.poll(() => chat.status.textContent()).toBe('');
    const last = page.locator('countersign-chat .msg:not([hidden])').last();
    await expect.poll(() => last.textContent()).toContain('Swaps are under');

    // Staff answer the first question: marked as theirs, naming the question, and its holding message goes.
    const refund = api.messages.find((message) => message.text === 'Can I get a refund for last month?')!;
    api.answer('Yes: refunds within **30 days**.', { kind: 'staff', replyTo: refund.id });
    const reply = chat.message('refunds within');
    await reply.waitFor();
    await expect.poll(() => reply.textContent()).toContain('From the support team');
    await expect.poll(() => reply.textContent()).toContain('In reply to: Can I get a refund for last month?');
    await expect.poll(() => chat.message('A teammate is checking').isVisible()).toBe(false);
    await expect.poll(() => page.locator('countersign-chat').getByText(/teammate/i).filter({ visible: true }).count()).toBe(0);
    await screenshot(page, 'fake-staff-reply');

    // Bot answers take feedback; the staff reply does not offer it.
    await expect.poll(() => reply.getByRole('button', { name: 'Yes' }).count()).toBe(0);
    await chat.message('Swaps are under').getByRole('button', { name: 'Yes' }).click();
    await page.getByText('Thanks for your feedback!').waitFor();
    const swap = api.messages.find((message) => message.text.startsWith('Swaps are under'))!;
    expect(api.requestsTo('POST', '/feedback').map((request) => request.body)).toEqual([{ messageId: swap.id, helpful: true }]);
    await expect.poll(() => chat.message('Swaps are under').getByRole('button', { name: 'No' }).getAttribute('aria-disabled')).toBe('true');
    await chat.message('Swaps are under').getByRole('button', { name: 'No' }).click({ force: true });
    expect(api.requestsTo('POST', '/feedback')).toHaveLength(1);
  });

  it('says plainly when a message is too long or the visitor must wait, and gives the text back', async () => {
    api.postFaults.push({ status: 413, code: 'message_too_long' }, { status: 429, code: 'rate_limited', retryAfter: '12' });
    const chat = await openWidget();
    await chat.ask('a very long message');
    await expect.poll(() => chat.notice.textContent()).toContain('too long');
    await expect.poll(() => chat.input.inputValue()).toBe('a very long message');
    await chat.input.press('Enter');
    await page.getByText('Please wait 12 seconds').waitFor();
    await expect.poll(() => chat.notice.getAttribute('role')).toBe('alert');
    await expect.poll(() => chat.message('a very long message').count()).toBe(0);
  });

  it('resends after a server error with the same clientMessageId, and shows the message once', async () => {
    api.postFaults.push({ status: 503, code: 'unavailable' });
    const chat = await openWidget();
    await chat.ask('Is the app down?');
    await expect.poll(() => api.requestsTo('POST', '/messages').length, { timeout: 10_000 }).toBe(2);
    const [first, second] = api.requestsTo('POST', '/messages');
    expect(second?.body).toEqual(first?.body);
    expect(String(first?.body?.clientMessageId)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    await expect.poll(() => chat.message('Is the app down?').count()).toBe(1);
    await expect.poll(() => page.locator('countersign-chat .pending').count()).toBe(0);
  });

  it('reconnects after the socket drops and catches up on what it missed', async () => {
    const chat = await openWidget();
    await expect.poll(() => api.sockets.size).toBe(1);
    api.dropSockets();
    api.messages.push({ id: 'msg-missed', seq: 1, role: 'assistant', kind: 'staff', author: 'staff', replyTo: null, text: 'Sent while you were away.', sources: [], feedback: false, createdAt: new Date().toISOString() });
    await chat.message('Sent while you were away.').waitFor({ timeout: 10_000 });
    await expect.poll(() => api.socketsOpened, { timeout: 10_000 }).toBe(2);
  });

  it('falls back to HTTP polling when WebSockets cannot connect', async () => {
    api.acceptSockets = false;
    api.onQuestion = () => setTimeout(() => api.answer('Answered while polling.'), 200);
    const chat = await openWidget();
    await chat.ask('Do you poll?');
    await chat.message('Answered while polling.').waitFor({ timeout: 20_000 });
    expect(api.requestsTo('GET', '/messages').length).toBeGreaterThan(2);
    expect(api.socketsOpened).toBe(0);
  });

  it('shows the not-available state while the channel is internal', async () => {
    api.stage = 'internal';
    const chat = await openWidget();
    await page.getByText('Chat is not available yet').waitFor();
    await expect.poll(() => chat.input.isDisabled()).toBe(true);
    await screenshot(page, 'fake-not-available');
  });

  it('restores the conversation after a reload, in the dark theme on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 740 });
    await page.emulateMedia({ colorScheme: 'dark' });
    api.onQuestion = () => api.answer('Swaps are under **Settings**.');
    let chat = await openWidget({ attributes: { theme: 'auto' } });
    await chat.ask('How do I swap?');
    await chat.message('Swaps are under').waitFor();
    await page.reload();
    chat = widget(page);
    await chat.message('Swaps are under').waitFor();
    expect(api.requestsTo('POST', '/sessions')).toHaveLength(1);
    const box = await page.locator('countersign-chat .panel').boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 740 });
    await expect.poll(() => page.locator('countersign-chat').getAttribute('data-scheme')).toBe('dark');
    await screenshot(page, 'fake-phone-dark');
  });

  it('/chat runs under its own CSP and takes the channel and preview key from its URL', async () => {
    const html = await readFile('public/chat.html', 'utf8');
    const headers = await readFile('public/_headers', 'utf8');
    const inline = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = `'sha256-${createHash('sha256').update(inline).digest('base64')}'`;
    const metaPolicy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const headerPolicy = /^\/chat\n\s+Content-Security-Policy: (.+)$/m.exec(headers)?.[1] ?? '';
    expect(metaPolicy, 'chat.html: the CSP hash must be the inline script\'s').toContain(hash);
    expect(headerPolicy).toBe(`${metaPolicy}; frame-ancestors 'none'`);

    api.stage = 'internal';
    await api.install(page, {}, { '/chat': { body: html, headers: { 'content-security-policy': headerPolicy } } });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    await page.goto(`${FAKE_API}/chat?channel=web&preview=staff-preview-key-123`);
    const chat = widget(page);
    await expect.poll(() => hasFocus(chat.input)).toBe(true);
    await page.getByText('Staff preview').waitFor();
    expect(api.requestsTo('POST', '/sessions')[0]?.body).toEqual({ channel: 'web', previewKey: 'staff-preview-key-123' });
    expect(page.url()).toBe(`${FAKE_API}/chat?channel=web`);
    await expect.poll(() => chat.launcher.count()).toBe(0);
    await expect.poll(() => page.getByRole('main').getAttribute('aria-label')).toBe('Help');
    await screenshot(page, 'fake-chat-page');
    expect(problems).toEqual([]);
  });
});
