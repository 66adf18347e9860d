import { beforeAll, describe, expect, it } from 'vitest';
import { putDocument } from './admin-client';
import { ConsoleClient, signedIn } from './console-client';
import { openSession, PREVIEW_KEY, send, setStage, settled } from './web-client';

// The review queue page and its live stream (server-sent events under
// /admin, authorised by the console session).

async function ask(text: string, body: Record<string, unknown> = {}): Promise<void> {
  const session = await openSession(body);
  expect((await send(session, text)).status).toBe(202);
  expect((await settled(session)).awaiting).toBe('review');
}

/** Reads the stream until an event `queue` whose list satisfies `wanted`; returns that list's HTML. */
async function nextQueue(reader: ReadableStreamDefaultReader<Uint8Array>, wanted: (html: string) => boolean, timeoutMs = 15_000): Promise<{ count: string; html: string }> {
  const decoder = new TextDecoder();
  const deadline = Date.now() + timeoutMs;
  let buffer = '';
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended before the wanted list came');
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = /^event: queue\ndata: (.*)$/m.exec(block)?.[1];
      if (data) {
        const list = JSON.parse(data) as { count: string; html: string };
        if (wanted(list.html)) return list;
      }
      end = buffer.indexOf('\n\n');
    }
  }
  throw new Error('no wanted list before the timeout');
}

beforeAll(async () => {
  await putDocument({ id: 'help/returns.md', audience: 'public', format: 'markdown', url: 'https://help.example/returns', content: '# Returns\n## Return window\nYou can return any item within **30 days** of delivery for a full refund.' });
});

describe('the review queue', () => {
  it('shows each review with a draft snippet, its confidence and channel, and marks staff previews', async () => {
    // Internal: only a staff preview can ask; a low-confidence draft waits for review.
    await ask('How long is the return window for a preview?', { previewKey: PREVIEW_KEY });
    await setStage('supervised');
    await ask('How long is the return window?');
    const staff = await signedIn('reviewer');
    const page = await (await staff.fetch('/admin/reviews')).text();
    const rows = page.split('<tr data-review=').slice(1);
    expect(rows).toHaveLength(2);
    const [preview, customer] = rows as [string, string];
    expect(preview).toContain('How long is the return window for a preview?</a> <span class="badge preview"');
    expect(customer).toContain('How long is the return window?</a>');
    expect(customer).not.toContain('staff preview');
    for (const row of rows) {
      // The draft's start as plain text (extractive: it quotes the passage), without the Markdown marks.
      expect(row).toMatch(/<p class="snippet">[^<]*30 days of delivery[^<]*<\/p>/);
      expect(row).not.toMatch(/<p class="snippet">[^<]*\*\*/);
      expect(row).toMatch(/<td><a href="\/admin\/reviews\?channel=web">web<\/a><\/td>/);
      expect(row).toMatch(/<td>\d{1,3}%<\/td>/);
    }
    expect(page).toContain('data-live="/admin/reviews/live"');
    expect(page).toContain('Pending, oldest first: <span data-live-count>2</span>');
  });

  it('streams the list, and the list again when a review arrives; signed out it is a 401', async () => {
    expect((await new ConsoleClient().fetch('/admin/reviews/live')).status).toBe(401);
    const staff = await signedIn('reviewer');
    const response = await staff.fetch('/admin/reviews/live');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    try {
      const first = await nextQueue(reader, () => true);
      expect(first.count).toBe('2');
      expect(first.html).not.toContain('Can I get my money back?');
      await ask('Can I get my money back?');
      const next = await nextQueue(reader, (html) => html.includes('Can I get my money back?'));
      expect(next.count).toBe('3');
      expect(next.html.match(/<tr data-review=/g)).toHaveLength(3);
    } finally {
      await reader.cancel();
    }
  });
});
