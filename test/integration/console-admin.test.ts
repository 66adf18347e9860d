import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../support/make-pdf';
import { signedIn } from './console-client';
import { openSession, send, setStage, settled } from './web-client';

async function stageOf(channel: string): Promise<string | undefined> {
  return (await env.DB.prepare('SELECT stage FROM channels WHERE id = ?').bind(channel).first<{ stage: string }>())?.stage;
}

describe('knowledge', () => {
  it('uploads pasted text and a file as an admin, lists them with audience and chunk counts, and audits it', async () => {
    const admin = await signedIn('admin');
    const csrf = await admin.csrf('/admin/knowledge');
    const pasted = await admin.fetch('/admin/knowledge', {
      form: { _csrf: csrf, id: 'help/shipping.md', title: 'Shipping <b>fast</b>', audience: 'public', format: 'auto', url: 'https://help.example/shipping', tags: 'shipping', content: '# Shipping\n## Delivery times\nOrders arrive within 3 working days.' },
    });
    expect(pasted.status).toBe(303);
    expect(pasted.headers.get('location')).toBe('/admin/knowledge?done=added&id=help%2Fshipping.md');

    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('audience', 'internal');
    form.set('format', 'auto');
    form.set('file', new File(['<html><body><main><h1>Warehouse</h1><p>The warehouse code is HERON-42.</p></main></body></html>'], 'warehouse.html', { type: 'text/html' }));
    const file = await admin.fetch('/admin/knowledge', { form });
    expect(file.status).toBe(303);
    expect(file.headers.get('location')).toBe('/admin/knowledge?done=added&id=warehouse.html');

    const list = await (await admin.fetch('/admin/knowledge')).text();
    expect(list).toContain('Shipping &lt;b&gt;fast&lt;/b&gt;');
    expect(list).not.toContain('<b>fast</b>');
    expect(list).toMatch(/warehouse\.html<\/code><\/td>\s*<td><span class="badge internal">internal<\/span><\/td>\s*<td>html<\/td><td>1<\/td>/);
    const audit = await env.DB.prepare("SELECT actor, subject, details FROM audit_log WHERE action = 'knowledge-uploaded' ORDER BY id").all<{ actor: string; subject: string; details: string }>();
    expect(audit.results.map((row) => [row.actor, row.subject])).toEqual([
      ['ana@example.com', 'help/shipping.md'],
      ['ana@example.com', 'warehouse.html'],
    ]);
    expect(JSON.parse(audit.results[1]!.details)).toMatchObject({ outcome: 'added', audience: 'internal', format: 'html', chunks: 1 });
  });

  it('refuses bad uploads and changes nothing', async () => {
    const admin = await signedIn('admin');
    const csrf = await admin.csrf('/admin/knowledge');
    const noAudience = await admin.fetch('/admin/knowledge', { form: { _csrf: csrf, id: 'x.md', content: '# X\nhello' } });
    expect(noAudience.status).toBe(400);
    expect(await noAudience.text()).toContain('audience');
    const empty = await admin.fetch('/admin/knowledge', { form: { _csrf: csrf, id: 'x.md', audience: 'public', content: '   ' } });
    expect(empty.status).toBe(400);
    const badUrl = await admin.fetch('/admin/knowledge', { form: { _csrf: csrf, id: 'x.md', audience: 'public', content: '# X\nhello', url: 'javascript:alert(1)' } });
    expect(badUrl.status).toBe(400);
    expect(await env.DB.prepare("SELECT id FROM documents WHERE id = 'x.md'").first()).toBeNull();
  });

  it('refuses a PDF file and says how to ingest it, since the Worker does not parse PDFs', async () => {
    const admin = await signedIn('admin');
    const form = new FormData();
    form.set('_csrf', await admin.csrf('/admin/knowledge'));
    form.set('audience', 'internal');
    form.set('format', 'auto');
    form.set('file', new File([makePdf(['Laptops are refreshed every three years.'])], 'it-policy.pdf', { type: 'application/pdf' }));
    const refused = await admin.fetch('/admin/knowledge', { form });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('PDFs are not parsed in the Worker');
    expect(page).toContain('npm run ingest -- file.pdf --audience internal|public');
    expect(await env.DB.prepare("SELECT id FROM documents WHERE id = 'it-policy.pdf'").first()).toBeNull();
  });

  it('searches as a given audience, and deletes after a confirmation', async () => {
    const admin = await signedIn('admin');
    const csrf = await admin.csrf('/admin/knowledge');
    await admin.fetch('/admin/knowledge', { form: { _csrf: csrf, id: 'internal/codes.md', audience: 'internal', content: '# Codes\n## Door\nThe back door code is BLUEHERON-7.' } });
    const asCustomer = await (await admin.fetch('/admin/knowledge/search?q=back+door+code&audience=public')).text();
    expect(asCustomer).not.toContain('BLUEHERON-7');
    const asEmployee = await (await admin.fetch('/admin/knowledge/search?q=back+door+code&audience=internal')).text();
    expect(asEmployee).toContain('BLUEHERON-7');

    const confirm = await admin.fetch('/admin/knowledge/delete?id=internal%2Fcodes.md');
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('name="id" value="internal/codes.md"');
    const deleted = await admin.fetch('/admin/knowledge/delete', { form: { _csrf: csrf, id: 'internal/codes.md' } });
    expect(deleted.status).toBe(303);
    expect(await env.DB.prepare("SELECT id FROM documents WHERE id = 'internal/codes.md'").first()).toBeNull();
    expect(await (await admin.fetch('/admin/knowledge/search?q=back+door+code&audience=internal')).text()).not.toContain('BLUEHERON-7');
    expect((await admin.fetch('/admin/knowledge/delete', { form: { _csrf: csrf, id: 'internal/codes.md' } })).status).toBe(404);
    const audit = await env.DB.prepare("SELECT actor, subject FROM audit_log WHERE action = 'knowledge-deleted'").first();
    expect(audit).toEqual({ actor: 'ana@example.com', subject: 'internal/codes.md' });
  });
});

describe('sign-off', () => {
  it('shows each channel with its readiness bars, and needs an override with a reason while bars are unmet', async () => {
    expect(await stageOf('web')).toBe('internal');
    const admin = await signedIn('admin', 'lead@example.com');
    const page = await (await admin.fetch('/admin/rollout')).text();
    expect(page).toContain('Not ready for supervised');
    expect(page).toContain('At least 20 questions answered');
    const csrf = await admin.csrf('/admin/rollout');

    const refused = await admin.fetch('/admin/rollout/web/stage', { form: { _csrf: csrf, to: 'supervised', reason: 'Looks good' } });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Readiness bars not met');
    expect(await stageOf('web')).toBe('internal');

    const noWhy = await admin.fetch('/admin/rollout/web/stage', { form: { _csrf: csrf, to: 'supervised', reason: 'Looks good', override: 'on' } });
    expect(noWhy.status).toBe(400);
    expect(await stageOf('web')).toBe('internal');

    const signedOff = await admin.fetch('/admin/rollout/web/stage', { form: { _csrf: csrf, to: 'supervised', reason: 'Staff tried it all week', override: 'on', overrideReason: 'Every reply is reviewed anyway' } });
    expect(signedOff.status).toBe(303);
    expect(await stageOf('web')).toBe('supervised');
    const entry = await env.DB.prepare("SELECT * FROM audit_log WHERE action = 'stage-changed' AND subject = 'web' ORDER BY id DESC").first<{ actor: string; comment: string; details: string; at: string }>();
    expect(entry).toMatchObject({ actor: 'lead@example.com', comment: 'Staff tried it all week\nOverride: Every reply is reviewed anyway' });
    const details = JSON.parse(entry!.details);
    expect(details).toMatchObject({ from: 'internal', to: 'supervised', direction: 'up', override: true, readiness: { ready: false } });
    expect(details.readiness.unmet[0]).toContain('At least 20 questions answered');
    expect(details.readiness.figures).toMatchObject({ target: 'supervised', sample: expect.any(Object), bars: expect.any(Array) });

    const audit = await (await admin.fetch('/admin/audit?action=stage-changed')).text();
    expect(audit).toContain('lead@example.com');
    expect(audit).toContain('Every reply is reviewed anyway');

    const down = await admin.fetch('/admin/rollout/web/stage', { form: { _csrf: csrf, to: 'internal', reason: 'Pausing for the holidays' } });
    expect(down.status).toBe(303);
    expect(await stageOf('web')).toBe('internal');
  });
});

describe('conversations and dashboard', () => {
  beforeAll(async () => {
    await setStage('autonomous');
  });

  it('browses a web conversation with its drafts, and a Slack thread from its recorded events', async () => {
    const session = await openSession();
    await send(session, 'Where is my parcel?');
    await settled(session);
    const admin = await signedIn('reviewer');
    const list = await (await admin.fetch('/admin/conversations')).text();
    expect(list).toContain(`/admin/conversations/web/${session.conversationId}`);
    const detail = await (await admin.fetch(`/admin/conversations/web/${session.conversationId}`)).text();
    expect(detail).toContain('Where is my parcel?');
    expect(detail).toMatch(/Draft · engine: <strong>(send|review|handoff)<\/strong>/);
    expect((await admin.fetch('/admin/conversations/web/00000000-0000-0000-0000-000000000000')).status).toBe(404);

    const payload = { event: { type: 'app_mention', user: 'U1001', channel: 'C1001', ts: '1700000100.000200', text: '<@UBOT> <b>is</b> there parking?' } };
    await env.DB.prepare("INSERT INTO inbound_events (key, source, payload, status, received_at, updated_at) VALUES ('slack:EvConsole1', 'slack', ?, 'done', ?, ?)")
      .bind(JSON.stringify(payload), new Date().toISOString(), new Date().toISOString())
      .run();
    expect(await (await admin.fetch('/admin/conversations')).text()).toContain('/admin/conversations/slack/C1001/1700000100.000200');
    const thread = await (await admin.fetch('/admin/conversations/slack/C1001/1700000100.000200')).text();
    expect(thread).toContain('&lt;@UBOT&gt; &lt;b&gt;is&lt;/b&gt; there parking?');
  });

  it('draws the channel figures as numbers and inline SVG charts', async () => {
    const admin = await signedIn('reviewer');
    const response = await admin.fetch('/admin/dashboard?channel=web&days=7');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<svg');
    expect(html).toContain('Questions per day');
    expect(html).toMatch(/<th>Total<\/th><td>[1-9]\d*<\/td>/);
  });
});
