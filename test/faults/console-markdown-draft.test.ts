import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, putDocument } from '../integration/admin-client';
import { signedIn } from '../integration/console-client';
import { resetFake, scriptChat } from '../integration/fake-openai-control';
import { openSession, send, setStage, settled } from '../integration/web-client';
import { modelAnswer } from './support';

// A model-written draft in light Markdown, as the reviewer sees it in the
// console: rendered with the subset the widget renders (public/markdown.js),
// so staff approve what the customer will see, and hostile text stays text.
const DRAFT = [
  'Descale the kettle **every month** [P1]. <img src=x onerror=alert(1)>',
  '',
  '> Use citric acid, never vinegar.',
  '',
  '- Fill it halfway',
  '- Boil and leave overnight',
  '',
  'See the [descaling guide](https://help.example/descale) or [this](javascript:alert(2)).',
].join('\n');

beforeAll(async () => {
  await resetFake();
  await putDocument({ id: 'help/descaling.md', audience: 'public', format: 'markdown', content: '# Descaling\n## The kettle\nDescale the kettle every month with citric acid.' });
  await setStage('supervised');
});

describe('a draft on the review page', () => {
  it('shows bold, quote, list and link as elements, with HTML escaped and javascript: links refused', async () => {
    await scriptChat(modelAnswer(DRAFT));
    const session = await openSession();
    expect((await send(session, 'How often should I descale the kettle?')).status).toBe(202);
    expect((await settled(session)).awaiting).toBe('review');
    const { reviews } = (await (await adminFetch('/admin/api/reviews?status=pending&channel=web')).json()) as { reviews: { id: string; destination: { conversationId?: string } }[] };
    const review = reviews.find((candidate) => candidate.destination.conversationId === session.conversationId)!;

    const reviewer = await signedIn('reviewer');
    const page = await (await reviewer.fetch(`/admin/reviews/${review.id}`)).text();
    const draft = /<h2>Draft<\/h2>[\s\S]*?<div class="reply markdown">([\s\S]*?)<\/div>\s*<\/section>/.exec(page)?.[1] ?? '';
    expect(draft).toContain('Descale the kettle <strong>every month</strong>');
    expect(draft).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(draft).toContain('<blockquote><p>Use citric acid, never vinegar.</p></blockquote>');
    expect(draft).toContain('<ul><li>Fill it halfway</li><li>Boil and leave overnight</li></ul>');
    expect(draft).toContain('<a href="https://help.example/descale" rel="noopener noreferrer" target="_blank">descaling guide</a> or this.');
    // No raw Markdown left, and nothing from the text became a tag or a script link.
    expect(draft).not.toMatch(/\*\*|&gt; Use|<img|javascript:/);
    // The conversation page shows the same rendering.
    const conversation = await (await reviewer.fetch(`/admin/conversations/web/${session.conversationId}`)).text();
    expect(conversation).toContain('<blockquote><p>Use citric acid, never vinegar.</p></blockquote>');
  });
});
