import type { Locator, Page } from 'playwright-core';

/** The widget's parts, found as a visitor (or a screen reader) finds them; Playwright's locators pierce its open shadow root. */
export function widget(page: Page) {
  const input = page.getByRole('textbox', { name: 'Your message' });
  return {
    launcher: page.getByRole('button', { name: 'Open chat' }),
    closeButton: page.getByRole('button', { name: 'Close chat' }),
    log: page.getByRole('log'),
    status: page.locator('countersign-chat .status'),
    notice: page.locator('countersign-chat .note'),
    input,
    /** Types a message and sends it with Enter, as a visitor does. */
    async ask(text: string) {
      await input.fill(text);
      await input.press('Enter');
    },
    message(text: string | RegExp): Locator {
      return page.locator('countersign-chat .msg').filter({ hasText: text });
    },
  };
}

/** Names of the elements rendered inside the conversation log (what markup the widget actually created). */
export function elementsInLog(page: Page): Promise<string[]> {
  return page.locator('countersign-chat').evaluate((host) => Array.from(host.shadowRoot?.querySelectorAll('.log *') ?? [], (element) => element.localName));
}

/** Whether the element has the keyboard focus (inside the widget's shadow root, where document.activeElement is the host). */
export function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => (element.getRootNode() as ShadowRoot).activeElement === element);
}
