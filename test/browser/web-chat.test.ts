import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorker } from '../../scripts/lib/local-worker';
import { chromiumMissing, launchChromium, screenshot, watchProblems } from './support/chromium';
import { type HostSite, startHostSite } from './support/host-page';
import { approveReview, ingestPublicSamples, PREVIEW_KEY, pendingReviews, setWebStage, startWebChatWorker } from './support/local-web-chat';
import { elementsInLog, widget } from './support/widget';

// The widget end to end: a real Worker (wrangler dev: sessions, the
// conversation Durable Object and its WebSocket, the queue, the answer
// engine in extractive mode) embedded by a site on another origin.
describe.skipIf(chromiumMissing)('web chat in a browser against a local Worker', () => {
  let browser: Browser;
  let worker: LocalWorker;
  let site: HostSite;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    site = await startHostSite();
    [worker, browser] = await Promise.all([startWebChatWorker(site.origin), launchChromium()]);
    await ingestPublicSamples(worker);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await site?.close();
  });

  /** A new visitor (own storage) on the embedding site; the site's CSS tries to paint everything red. */
  async function visitor(): Promise<{ page: Page; problems: string[]; sockets: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    const url = site.page('/', {
      scriptSrc: `${worker.origin}/widget.js`,
      attributes: { channel: 'web', title: 'Lumen Loop help', theme: 'light' },
      css: '* { color: rgb(255, 0, 0) !important }',
    });
    await page.goto(url);
    await widget(page).launcher.click();
    return { page, problems, sockets };
  }

  /** Asks the question the sample docs answer with confidence (sent without review once autonomous). */
  async function askAboutSwaps(page: Page) {
    const chat = widget(page);
    await chat.ask('How do I request a shift swap with a colleague?');
    const answer = chat.message(/Swap/).and(page.locator('.bot'));
    await answer.waitFor({ timeout: 30_000 });
    return answer;
  }

  it('shows the not-available state while the channel is internal', async () => {
    await setWebStage(worker, 'internal');
    const { page, problems } = await visitor();
    await page.getByText('Chat is not available yet').waitFor();
    await expect.poll(() => widget(page).input.isDisabled()).toBe(true);
    await screenshot(page, 'real-internal-not-available');
    expect(problems).toEqual([]);
  });

  it('lets staff preview the internal channel on /chat with the preview key, under its CSP', async () => {
    await setWebStage(worker, 'internal');
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`${worker.origin}/chat?preview=${PREVIEW_KEY}`);
    const chat = widget(page);
    await page.getByText('Staff preview').waitFor();
    await chat.ask('How do I export my data as CSV?');
    await chat.message(/Settings > Data > Export/).waitFor({ timeout: 30_000 });
    expect(sockets.some((url) => url.startsWith(`${worker.origin.replace('http', 'ws')}/web/conversations/`))).toBe(true);
    await screenshot(page, 'real-chat-page-preview');
    expect(problems).toEqual([]);
  });

  it('answers from the public docs with source links once autonomous, live over the WebSocket', async () => {
    await setWebStage(worker, 'autonomous');
    const { page, problems, sockets } = await visitor();
    const chat = widget(page);
    const answer = await askAboutSwaps(page);
    const sources = await answer.locator('.src a').evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]));
    expect(sources).toContainEqual(['Shift swapping', 'https://help.example.com/shift-swapping']);
    expect(sockets).toHaveLength(1);

    const panelColour = await page.locator('countersign-chat').evaluate((host) => getComputedStyle(host.shadowRoot!.querySelector('.bot')!).color);
    expect(panelColour).not.toBe('rgb(255, 0, 0)');
    await expect.poll(() => chat.log.getAttribute('aria-live')).toBe('polite');
    await screenshot(page, 'real-autonomous-answer');
    expect(problems).toEqual([]);
  });

  it('restores the conversation after a reload', async () => {
    await setWebStage(worker, 'autonomous');
    const { page } = await visitor();
    await askAboutSwaps(page);
    const before = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.startsWith('countersign:'))?.[1]);
    await page.reload();
    const chat = widget(page);
    if ((await chat.launcher.getAttribute('aria-expanded')) !== 'true') await chat.launcher.click();
    await chat.message('How do I request a shift swap with a colleague?').waitFor();
    await chat.message(/Swap/).and(page.locator('.bot')).waitFor();
    const after = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.startsWith('countersign:'))?.[1]);
    expect(JSON.parse(String(after)).conversationId).toBe(JSON.parse(String(before)).conversationId);
    await screenshot(page, 'real-after-reload');
  });

  it('shows HTML typed by the customer as text', async () => {
    await setWebStage(worker, 'autonomous');
    const { page, problems } = await visitor();
    const chat = widget(page);
    const hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>bold?</b> How do I export my data as CSV?';
    await chat.ask(hostile);
    // Stored by the server and echoed back (no longer the local pending copy), then handled by the bot.
    await page.locator('countersign-chat .me:not(.pending)').filter({ hasText: '<script>window.__pwned=1</script>' }).waitFor();
    await expect.poll(() => chat.status.textContent(), { timeout: 30_000 }).not.toContain('Checking');
    await expect.poll(() => chat.message('<script>window.__pwned=1</script>').count()).toBe(1);
    const elements = await elementsInLog(page);
    for (const name of ['script', 'img', 'b']) expect(elements).not.toContain(name);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('supervised: the customer sees the review state, then the approved reply arrives without a reload', async () => {
    await setWebStage(worker, 'supervised');
    const { page, problems } = await visitor();
    const chat = widget(page);
    await chat.ask('How do I request a shift swap with a colleague?');
    await page.getByText('A teammate is reviewing this').waitFor({ timeout: 30_000 });
    await screenshot(page, 'real-supervised-review');
    const conversationId = await page.evaluate(() => JSON.parse(Object.entries(localStorage).find(([key]) => key.startsWith('countersign:'))?.[1] ?? '{}').conversationId);
    const ours = async () => (await pendingReviews(worker)).find((review) => review.destination.conversationId === conversationId);
    await expect.poll(ours, { timeout: 15_000 }).toBeDefined();
    await approveReview(worker, (await ours())!.id);
    await chat.message(/Swap/).and(page.locator('.bot')).waitFor({ timeout: 30_000 });
    await expect.poll(() => chat.status.textContent()).toBe('');
    await screenshot(page, 'real-supervised-approved');
    expect(problems).toEqual([]);
  });
});
