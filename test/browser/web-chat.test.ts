import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorker } from '../../scripts/lib/local-worker';
import { chromiumMissing, launchChromium, screenshot, watchProblems } from './support/chromium';
import { type HostSite, startHostSite } from './support/host-page';
import { adminRequest, approveReview, ingestPublicSamples, PREVIEW_KEY, pendingReviews, setWebStage, startWebChatWorker } from './support/local-web-chat';
import { elementsInLog, widget } from './support/widget';

// The widget end to end: a real Worker (wrangler dev: sessions, the
// conversation Durable Object and its WebSocket, the queue, the answer
// engine in extractive mode) embedded by a site on another origin.
const LANTERN = `# Lantern care

## Charging the glowworm lantern

Plug the glowworm lantern into any USB-C port. The ring turns green when the glowworm lantern is fully charged.

## Cleaning

Wipe the shade with a dry cloth.
`;
describe.skipIf(chromiumMissing)('web chat in a browser against a local Worker', () => {
  let browser: Browser;
  let worker: LocalWorker;
  let site: HostSite;
  /** A second site, on its own origin, that is not in WEB_ALLOWED_ORIGINS. */
  let stranger: HostSite;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [site, stranger] = await Promise.all([startHostSite(), startHostSite()]);
    [worker, browser] = await Promise.all([startWebChatWorker(site.origin), launchChromium()]);
    await ingestPublicSamples(worker);
    // A public document without a URL of its own: its citations link to the Worker's /kb page.
    const upload = await adminRequest(worker, 'POST', '/admin/documents', { id: 'kb-test/lantern-care.md', audience: 'public', format: 'markdown', content: LANTERN });
    if (upload.status !== 201) throw new Error(`uploading the lantern guide answered ${upload.status}: ${JSON.stringify(upload.json)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await site?.close();
    await stranger?.close();
  });

  /** A new visitor (own storage) on the embedding site; the site's CSS tries to paint everything red. */
  async function visitor(viewport = { width: 1100, height: 800 }): Promise<{ page: Page; problems: string[]; sockets: string[] }> {
    const context = await browser.newContext({ viewport });
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
    await chat.message('A teammate is checking the answer').waitFor({ timeout: 30_000 });
    // One holding message (the server's, beside the question), no second copy as a banner.
    await expect.poll(() => page.locator('countersign-chat').getByText(/teammate/i).filter({ visible: true }).count()).toBe(1);
    await expect.poll(() => chat.status.textContent()).toBe('');
    await screenshot(page, 'real-supervised-review');
    const conversationId = await page.evaluate(() => JSON.parse(Object.entries(localStorage).find(([key]) => key.startsWith('countersign:'))?.[1] ?? '{}').conversationId);
    const ours = async () => (await pendingReviews(worker)).find((review) => review.destination.conversationId === conversationId);
    await expect.poll(ours, { timeout: 15_000 }).toBeDefined();
    await approveReview(worker, (await ours())!.id);
    await chat.message(/Swap/).and(page.locator('.bot')).waitFor({ timeout: 30_000 });
    await expect.poll(() => chat.status.textContent()).toBe('');
    // The reply to that very question clears its holding message; an approved draft is the bot's, not marked as staff's.
    await expect.poll(() => page.locator('countersign-chat').getByText(/teammate/i).filter({ visible: true }).count()).toBe(0);
    await expect.poll(() => chat.message(/Swap/).and(page.locator('.bot')).textContent()).not.toContain('From the support team');
    await screenshot(page, 'real-supervised-approved');
    expect(problems).toEqual([]);
  });

  it('autonomous: a handed-off question keeps one holding message, later answers are not under review, and the staff reply is marked and clears it', async () => {
    await setWebStage(worker, 'autonomous');
    const { page, problems } = await visitor();
    const chat = widget(page);
    const odd = 'Can your team repaint my garden shed purple on Sunday?';
    await chat.ask(odd);
    await chat.message(/passed it to a teammate|teammate is checking/).waitFor({ timeout: 30_000 });
    await askAboutSwaps(page);
    await expect.poll(() => chat.status.textContent()).toBe('');
    await expect.poll(() => page.locator('countersign-chat').getByText(/teammate/i).filter({ visible: true }).count()).toBe(1);
    await expect.poll(() => page.locator('countersign-chat .msg:not([hidden])').last().textContent()).toMatch(/Swap/);

    const conversationId = await page.evaluate(() => JSON.parse(Object.entries(localStorage).find(([key]) => key.startsWith('countersign:'))?.[1] ?? '{}').conversationId);
    const ours = async () => (await pendingReviews(worker)).find((review) => review.destination.conversationId === conversationId);
    await expect.poll(ours, { timeout: 15_000 }).toBeDefined();
    const decided = await adminRequest(worker, 'POST', `/admin/api/reviews/${encodeURIComponent((await ours())!.id)}/decision`, {
      decision: 'edit',
      actor: 'browser-test',
      text: 'We do not paint sheds, sorry! Our app plans shifts.',
    });
    expect(decided.status).toBe(200);
    const reply = chat.message('We do not paint sheds');
    await reply.waitFor({ timeout: 30_000 });
    await expect.poll(() => reply.textContent()).toContain('From the support team');
    await expect.poll(() => reply.textContent()).toContain(`In reply to: ${odd}`);
    await expect.poll(() => page.locator('countersign-chat').getByText(/teammate/i).filter({ visible: true }).count()).toBe(0);
    await screenshot(page, 'real-staff-reply');
    expect(problems).toEqual([]);
  });

  it('tells the owner of a site missing from WEB_ALLOWED_ORIGINS the real cause, in the console and in the panel', async () => {
    await setWebStage(worker, 'autonomous');
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(stranger.page('/', { scriptSrc: `${worker.origin}/widget.js`, attributes: { channel: 'web' } }));
    const chat = widget(page);
    await chat.launcher.click();
    await expect.poll(() => chat.notice.textContent(), { timeout: 15_000 }).toContain('WEB_ALLOWED_ORIGINS');
    expect(await chat.notice.textContent()).toContain(stranger.origin);
    expect(await chat.notice.textContent()).not.toContain('Connection lost');
    const ours = errors.filter((text) => text.startsWith('Countersign chat:'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain('WEB_ALLOWED_ORIGINS');
    expect(ours[0]).toContain(stranger.origin);
    expect(ours[0]).toContain('--allow-origin');
    // Asking anyway keeps the words typed, and says the same (once in the console).
    await chat.ask('Hello?');
    await expect.poll(() => chat.input.inputValue()).toBe('Hello?');
    await expect.poll(() => chat.notice.textContent()).toContain('WEB_ALLOWED_ORIGINS');
    expect(errors.filter((text) => text.startsWith('Countersign chat:'))).toHaveLength(1);
    await screenshot(page, 'real-origin-not-allowed');
  });

  it('links a source without a URL to its /kb page, which opens at the cited section', async () => {
    await setWebStage(worker, 'autonomous');
    const { page, problems } = await visitor();
    const chat = widget(page);
    await chat.ask('How do I charge the glowworm lantern?');
    const answer = chat.message(/USB-C/).and(page.locator('.bot'));
    // Sent at once, or (when the engine is unsure of a one-section document) reviewed: approved, it carries the same sources.
    const conversationId = async () => page.evaluate(() => JSON.parse(Object.entries(localStorage).find(([key]) => key.startsWith('countersign:'))?.[1] ?? '{}').conversationId);
    const review = async () => {
      const id = await conversationId();
      return (await pendingReviews(worker)).find((pending) => pending.destination.conversationId === id);
    };
    await expect.poll(async () => (await answer.count()) > 0 || (await review()) !== undefined, { timeout: 30_000 }).toBe(true);
    if ((await answer.count()) === 0) await approveReview(worker, (await review())!.id);
    await answer.waitFor({ timeout: 30_000 });
    const source = answer.locator('.src a', { hasText: 'Lantern care' });
    expect(await source.getAttribute('href')).toBe(`${worker.origin}/kb/kb-test/lantern-care.md#charging-the-glowworm-lantern`);
    const [article] = await Promise.all([page.context().waitForEvent('page'), source.click()]);
    const articleProblems = watchProblems(article);
    await article.waitForLoadState();
    await article.locator('h2:target').waitFor();
    expect(await article.locator('h2:target').textContent()).toBe('Charging the glowworm lantern');
    expect(await article.locator('h1').textContent()).toBe('Lantern care');
    await screenshot(article, 'real-kb-page');
    expect(articleProblems).toEqual([]);
    expect(problems).toEqual([]);
  });

  for (const width of [1280, 390]) {
    it(`is usable ${width} px wide: no horizontal overflow, screenshot kept`, async () => {
      await setWebStage(worker, 'autonomous');
      const { page, problems } = await visitor({ width, height: 844 });
      const chat = widget(page);
      await askAboutSwaps(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const panel = await page.locator('countersign-chat .panel').boundingBox();
      expect(panel!.x).toBeGreaterThanOrEqual(0);
      expect(panel!.x + panel!.width).toBeLessThanOrEqual(width);
      // Inside the panel, nothing is wider than the conversation (long source titles and URLs wrap).
      const log = await chat.log.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
      expect(log.scroll).toBeLessThanOrEqual(log.client);
      await expect.poll(() => chat.input.isVisible()).toBe(true);
      await screenshot(page, `widget-${width}`);
      expect(problems).toEqual([]);
    });
  }
});
