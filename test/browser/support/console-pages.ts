import type { BrowserContext, Locator, Page } from 'playwright-core';

/** The session cookie the console sets on sign-in (src/http/console/cookies.ts). */
export const CONSOLE_SESSION_COOKIE = 'countersign_session';

/**
 * The review console (server-rendered pages under /admin), found the way a
 * member of staff finds it: by labels, headings, link and button texts.
 */
export function consolePages(page: Page, origin: string) {
  return {
    /** Opens the sign-in page and submits its form; the caller waits for the page that answers (the queue, or the form with an error). */
    async signIn(actor: string, token: string): Promise<void> {
      await page.goto(`${origin}/admin/login`);
      await page.getByLabel('Your name or email').fill(actor);
      await page.getByLabel('Token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
    },
    /** The top navigation's link to a console page (Reviews, Dashboard, Channels, Audit log…). */
    navLink(label: string): Locator {
      return page.getByRole('navigation').getByRole('link', { name: label, exact: true });
    },
    /** The flash notice a page shows after an action (ok, error or info). */
    notice: page.locator('main .notice'),
    /** A channel's card on the Channels page: the section whose heading starts with the channel's id. */
    channel(id: string): Locator {
      return page.locator('main section').filter({ has: page.getByRole('heading', { level: 2, name: new RegExp(`^${id}\\b`) }) });
    },
    /** The cells beside a figure's label in a table row of numbers ("Reviewed first" → ["1"]). */
    async figure(label: string): Promise<string[]> {
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
      return (await row.getByRole('cell').allTextContents()).map((text) => text.trim());
    },
    /** The drawn shapes of one SVG chart (found by its accessible name): each rect's class and size. */
    chartBars(title: string): Promise<{ tone: string; width: number; height: number }[]> {
      return page
        .getByRole('img', { name: title, exact: true })
        .locator('rect')
        .evaluateAll((rects) =>
          rects.map((rect) => ({
            tone: (rect.getAttribute('class') ?? '').replace(/^bar\s*/, ''),
            width: Number(rect.getAttribute('width')),
            height: Number(rect.getAttribute('height')),
          })),
        );
    },
  };
}

/** Whether the browser holds a console session (the cookie is HttpOnly, so only the context can see it). */
export async function hasConsoleSession(context: BrowserContext, origin: string): Promise<boolean> {
  return (await context.cookies(`${origin}/admin/reviews`)).some((cookie) => cookie.name === CONSOLE_SESSION_COOKIE && cookie.value !== '');
}
