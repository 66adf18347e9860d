import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { putDocument, search } from './admin-client';
import { signedIn } from './console-client';

const ROADMAP = '# Roadmap\n## Next quarter\nProject Kestrel ships the offline mode in March.';

const audienceOf = async (id: string) => (await env.DB.prepare('SELECT audience FROM documents WHERE id = ?').bind(id).first<{ audience: string }>())?.audience;
const audited = async (subject: string) =>
  (await env.DB.prepare("SELECT actor, details FROM audit_log WHERE action = 'knowledge-audience-changed' AND subject = ? ORDER BY id").bind(subject).all<{ actor: string; details: string }>()).results;

describe('a change of audience must be asked for', () => {
  it('POST /admin/documents answers 409 audience_change and keeps the document internal, unless allowAudienceChange is true', async () => {
    expect((await putDocument({ id: 'plans/roadmap.md', audience: 'internal', format: 'markdown', content: ROADMAP })).status).toBe(201);
    const refused = await putDocument({ id: 'plans/roadmap.md', audience: 'public', format: 'markdown', content: ROADMAP });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { code: string; field: string; message: string } };
    expect(body.error).toMatchObject({ code: 'audience_change', field: 'audience' });
    expect(body.error.message).toContain('internal → public');
    expect(await audienceOf('plans/roadmap.md')).toBe('internal');
    expect((await search('project kestrel offline mode', 'public')).hits).toEqual([]);
    expect(await audited('plans/roadmap.md')).toEqual([]);

    const allowed = await putDocument({ id: 'plans/roadmap.md', audience: 'public', format: 'markdown', content: ROADMAP, allowAudienceChange: true });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ outcome: 'updated', audienceChangedFrom: 'internal', document: { audience: 'public' } });
    expect((await search('project kestrel offline mode', 'public')).hits[0]?.documentId).toBe('plans/roadmap.md');
    const entries = await audited('plans/roadmap.md');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor).toBe('admin API');
    expect(JSON.parse(entries[0]!.details)).toEqual({ from: 'internal', to: 'public' });
  });

  it('a non-boolean allowAudienceChange is refused as invalid input', async () => {
    const response = await putDocument({ id: 'plans/other.md', audience: 'public', format: 'markdown', content: ROADMAP, allowAudienceChange: 'yes' });
    expect(response.status).toBe(400);
    expect(await audienceOf('plans/other.md')).toBeUndefined();
  });
});

describe('the console upload form', () => {
  it('has no default audience, and the public choice says customers can read it', async () => {
    const admin = await signedIn('admin');
    const listing = await (await admin.fetch('/admin/knowledge')).text();
    // The upload form and the scheduled-source form: neither has a default audience.
    for (const action of ['action="/admin/knowledge" enctype', 'action="/admin/knowledge/sources"']) {
      const start = listing.indexOf(action);
      expect(start).toBeGreaterThan(0);
      const page = listing.slice(start, listing.indexOf('</form>', start));
      const radios = page.match(/<input type="radio" name="audience"[^>]*>/g) ?? [];
      expect(radios).toHaveLength(2);
      expect(radios.every((radio) => !radio.includes('checked') && radio.includes('required'))).toBe(true);
      expect(page).not.toMatch(/<select name="audience"/);
      expect(page).toMatch(/value="public" required> <span><strong>public<\/strong>: customers can read this/);
    }
  });

  it('says what is wrong in words and keeps what was entered', async () => {
    const admin = await signedIn('admin');
    const csrf = await admin.csrf('/admin/knowledge');
    const entered = { _csrf: csrf, id: 'help/returns.md', title: 'Returns & exchanges', tags: 'returns, shipping', url: 'https://help.example/returns', content: '# Returns\nSend it back within 30 days.' };
    const noAudience = await admin.fetch('/admin/knowledge', { form: entered });
    expect(noAudience.status).toBe(400);
    const page = await noAudience.text();
    expect(page).toContain('Choose who may read the document: internal (employees only) or public');
    expect(page).toContain('value="help/returns.md"');
    expect(page).toContain('value="Returns &amp; exchanges"');
    expect(page).toContain('value="returns, shipping"');
    expect(page).toContain('value="https://help.example/returns"');
    expect(page).toContain('<textarea name="content" rows="6"># Returns\nSend it back within 30 days.</textarea>');

    const noId = await admin.fetch('/admin/knowledge', { form: { ...entered, id: '  ', audience: 'public' } });
    expect(noId.status).toBe(400);
    const noIdPage = await noId.text();
    expect(noIdPage).toContain('Give the document an id, or choose a file (its name becomes the id).');
    expect(noIdPage).not.toMatch(/String must contain|id:/);
    expect(noIdPage).toMatch(/value="public" required checked>/);

    const badUrl = await admin.fetch('/admin/knowledge', { form: { ...entered, audience: 'public', url: 'javascript:alert(1)' } });
    expect(badUrl.status).toBe(400);
    expect(await badUrl.text()).toContain('must be a full web address starting with http:// or https://');
    expect(await audienceOf('help/returns.md')).toBeUndefined();
  });

  it('refuses to change a stored document\'s audience until the admin confirms it, then audits the change', async () => {
    const admin = await signedIn('admin', 'ana@example.com');
    const csrf = await admin.csrf('/admin/knowledge');
    const upload = { _csrf: csrf, id: 'hr/salaries.md', content: '# Salaries\n## Bands\nBand C starts at 70k.' };
    expect((await admin.fetch('/admin/knowledge', { form: { ...upload, audience: 'internal' } })).status).toBe(303);
    const refused = await admin.fetch('/admin/knowledge', { form: { ...upload, audience: 'public' } });
    expect(refused.status).toBe(409);
    const page = await refused.text();
    expect(page).toContain('internal → public');
    expect(page).toContain('name="allowAudienceChange"');
    expect(await audienceOf('hr/salaries.md')).toBe('internal');

    const confirmed = await admin.fetch('/admin/knowledge', { form: { ...upload, audience: 'public', allowAudienceChange: 'yes' } });
    expect(confirmed.status).toBe(303);
    expect(await audienceOf('hr/salaries.md')).toBe('public');
    const entries = await audited('hr/salaries.md');
    expect(entries.map((entry) => [entry.actor, JSON.parse(entry.details)])).toEqual([['ana@example.com', { from: 'internal', to: 'public' }]]);
  });
});
