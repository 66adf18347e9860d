import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { putDocument } from './admin-client';
import { ConsoleClient, signedIn } from './console-client';
import { eventually, slackMessages } from './fake-slack-control';
import { eventEnvelope, mention, slackPost } from './slack-requests';
import { history, openSession, send, type Session, setStage, settled, webFetch } from './web-client';

beforeAll(async () => {
  await putDocument({ id: 'help/warranty.md', audience: 'public', format: 'markdown', content: '# Warranty\n## Length\nEvery kettle has a two year warranty from the date of purchase.' });
  await setStage('supervised');
});

/** The reply form's hidden fields, read from the page as a browser would submit them. */
async function replyFormOf(client: ConsoleClient, path: string): Promise<{ _csrf: string; replyId: string }> {
  const page = await (await client.fetch(path)).text();
  const form = /<section class="staff-reply"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
  const replyId = /name="replyId" value="([^"]+)"/.exec(form)?.[1];
  expect(csrf && replyId, 'the page has a reply form').toBeTruthy();
  return { _csrf: csrf!, replyId: replyId! };
}

async function waitingCustomer(question: string): Promise<Session> {
  const session = await openSession();
  expect((await send(session, question)).status).toBe(202);
  expect((await settled(session)).awaiting).toBe('review');
  return session;
}

describe('staff replies in a web chat conversation', () => {
  it('delivers the reply once, marked as from staff, live over the socket and in the stored history, and audits it', async () => {
    const session = await waitingCustomer('How long is the kettle warranty?');
    const socket = (await webFetch(`/web/conversations/${session.conversationId}/ws?token=${encodeURIComponent(session.token)}`, { headers: { upgrade: 'websocket' } })).webSocket!;
    const frames: { type: string; message?: { kind: string; author?: string; text: string } }[] = [];
    socket.addEventListener('message', (event) => frames.push(JSON.parse(event.data as string)));
    socket.accept();

    const reviewer = await signedIn('reviewer', 'rui@example.com');
    const path = `/admin/conversations/web/${session.conversationId}`;
    const form = { ...(await replyFormOf(reviewer, path)), text: 'Two years from purchase. **Keep the receipt.**' };
    // A double click: the same form twice at once.
    const [one, two] = await Promise.all([reviewer.fetch(`${path}/reply`, { form }), reviewer.fetch(`${path}/reply`, { form })]);
    expect([one.status, two.status]).toEqual([303, 303]);
    expect([one.headers.get('location'), two.headers.get('location')].sort()).toEqual([`${path}?replied=already#reply`, `${path}?replied=sent#reply`]);
    // A later resend of the same form (a reload after a timeout) is still not a second reply.
    expect((await reviewer.fetch(`${path}/reply`, { form })).headers.get('location')).toBe(`${path}?replied=already#reply`);

    const stored = await history(session);
    const staff = stored.messages.filter((message) => message.kind === 'staff');
    expect(staff.map((message) => [message.text, message.author])).toEqual([['Two years from purchase. **Keep the receipt.**', 'staff']]);
    expect(stored.awaiting).toBe('none');
    await eventually(async () => frames.some((frame) => frame.message?.kind === 'staff'));
    expect(frames.filter((frame) => frame.message?.kind === 'staff').map((frame) => frame.message!.author)).toEqual(['staff']);
    socket.close(1000, 'done');

    const page = await (await reviewer.fetch(`${path}?replied=sent`)).text();
    expect(page).toContain('Reply sent.');
    expect(page).toContain('<strong>Keep the receipt.</strong>');
    const audits = await env.DB.prepare("SELECT actor, subject, details FROM audit_log WHERE action = 'conversation-replied' AND subject = ?").bind(`web:${session.conversationId}`).all<{ actor: string; details: string }>();
    expect(audits.results.map((row) => [row.actor, JSON.parse(row.details).text])).toEqual([['rui@example.com', 'Two years from purchase. **Keep the receipt.**']]);
  });

  it('refuses an empty or too long reply in words, keeping what was typed, and sends nothing', async () => {
    const session = await waitingCustomer('Is the warranty transferable to a new owner?');
    const admin = await signedIn('admin');
    const path = `/admin/conversations/web/${session.conversationId}`;
    const fields = await replyFormOf(admin, path);
    const empty = await admin.fetch(`${path}/reply`, { form: { ...fields, text: '  \n ' } });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('The reply is empty: write what the asker should read.');
    const long = `Yes <b>it is</b> ${'x'.repeat(3000)}`;
    const tooLong = await admin.fetch(`${path}/reply`, { form: { ...fields, text: long } });
    expect(tooLong.status).toBe(400);
    const body = await tooLong.text();
    expect(body).toMatch(/The reply is 30\d\d characters long; the limit is 3000/);
    expect(body).toContain(`Yes &lt;b&gt;it is&lt;/b&gt; ${'x'.repeat(3000)}</textarea>`);
    // The refused form keeps its id, so sending the corrected text still counts as that one reply.
    expect(body).toContain(`name="replyId" value="${fields.replyId}"`);
    expect((await history(session)).messages.filter((message) => message.kind === 'staff')).toHaveLength(0);
  });

  it('needs a signed-in reviewer and the form token', async () => {
    const session = await waitingCustomer('Does the warranty cover the lid?');
    const path = `/admin/conversations/web/${session.conversationId}`;
    const reviewer = await signedIn('reviewer');
    const fields = await replyFormOf(reviewer, path);
    expect((await reviewer.fetch(`${path}/reply`, { form: { replyId: fields.replyId, text: 'hi' } })).status).toBe(403);
    expect((await reviewer.fetch(`${path}/reply`, { form: { ...fields, text: 'hi' }, origin: 'https://evil.example' })).status).toBe(403);
    expect((await new ConsoleClient().fetch(`${path}/reply`, { form: { ...fields, text: 'hi' } })).status).toBe(401);
    expect((await reviewer.fetch('/admin/conversations/web/00000000-0000-4000-8000-000000000000/reply', { form: { ...fields, text: 'hi' } })).status).toBe(404);
    expect((await history(session)).messages.filter((message) => message.kind === 'staff')).toHaveLength(0);
  });
});

describe('staff replies in a Slack thread', () => {
  it('posts the reply in the thread once, marked as from the support team, and lists it on the thread page', async () => {
    const event = mention('who signs off on garage repairs?', 'U1001', 'C1001');
    expect((await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)))).status).toBe(200);
    const inThread = async () => (await slackMessages('C1001')).filter((message) => message.thread_ts === event.ts);
    await eventually(async () => (await inThread()).length > 0);
    const before = (await inThread()).length;

    const reviewer = await signedIn('reviewer', 'rui@example.com');
    const path = `/admin/conversations/slack/C1001/${event.ts}`;
    const form = { ...(await replyFormOf(reviewer, path)), text: 'Facilities does: ask **Marta** at <reception>.' };
    const [one, two] = await Promise.all([reviewer.fetch(`${path}/reply`, { form }), reviewer.fetch(`${path}/reply`, { form })]);
    expect([one.status, two.status]).toEqual([303, 303]);
    const posted = (await inThread()).filter((message) => String(message.metadata?.event_payload.key ?? '').startsWith('staff-reply:'));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.metadata?.event_payload.key).toBe(`staff-reply:slack:C1001:${event.ts}:${form.replyId}`);
    expect(posted[0]!.text).toBe('_From the support team:_\nFacilities does: ask *Marta* at &lt;reception&gt;.');
    expect((await inThread()).length).toBe(before + 1);

    const page = await (await reviewer.fetch(`${path}?replied=sent`)).text();
    expect(page).toContain('Sent from this console');
    expect(page).toContain('Facilities does: ask <strong>Marta</strong> at &lt;reception&gt;.');
  });

  it('refuses threads no question came from, posting nothing', async () => {
    const reviewer = await signedIn('reviewer');
    const fields = await replyFormOf(reviewer, `/admin/conversations/web/${(await waitingCustomer('Where is my warranty card?')).conversationId}`);
    const before = (await slackMessages('C7777')).length;
    const response = await reviewer.fetch('/admin/conversations/slack/C7777/1700000000.000001/reply', { form: { ...fields, text: 'Hello there' } });
    expect(response.status).toBe(404);
    expect((await slackMessages('C7777')).length).toBe(before);
  });
});
