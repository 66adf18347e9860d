import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { putDocument } from './admin-client';

const WORKER = 'https://countersign.test';
const kb = (path: string, init?: RequestInit) => SELF.fetch(`${WORKER}${path}`, init);

const GUIDE = `# Lantern care

Lanterns glow for ten hours on one charge.

## Charging the lantern

Plug the lantern into any USB-C port. The ring turns green when it is full.

## Troubleshooting <b>faults</b>

If the lantern blinks red, hold the button for 10 seconds.
<script>alert(1)</script>
`;

describe('/kb/:id, the read-only page a citation without a URL links to', () => {
  it('shows a public document with an anchor per section, from heading slugs, under a strict CSP', async () => {
    expect((await putDocument({ id: 'kb-test/lantern-care.md', audience: 'public', format: 'markdown', content: GUIDE })).status).toBe(201);
    const response = await kb('/kb/kb-test/lantern-care.md');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    // The console pages' policy: scripts only from this origin (none inline), never framed.
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");
    const page = await response.text();
    expect(page).toContain('<h1>Lantern care</h1>');
    expect(page).toContain('<h2 id="charging-the-lantern">Charging the lantern</h2>');
    expect(page).toContain('Plug the lantern into any USB-C port.');
    // Text from the document is text: markup in it is escaped, never run.
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).not.toMatch(/<b>faults<\/b>/);
  });

  it('answers an internal document exactly as a missing one: 404, same body (no existence leak)', async () => {
    expect((await putDocument({ id: 'kb-test/salaries.md', audience: 'internal', format: 'markdown', content: '# Salaries\n\nThe salary bands for 2027 are secret.' })).status).toBe(201);
    const internal = await kb('/kb/kb-test/salaries.md');
    const missing = await kb('/kb/kb-test/no-such-document.md');
    expect(internal.status).toBe(404);
    expect(missing.status).toBe(404);
    const [internalBody, missingBody] = [await internal.text(), await missing.text()];
    expect(internalBody).toBe(missingBody);
    expect(internalBody).not.toContain('Salaries');
    expect(internalBody).not.toContain('salary bands');
  });

  it('finds ids with encoded characters, and refuses a malformed escape as not found', async () => {
    expect((await putDocument({ id: 'kb-test/a b#c.md', audience: 'public', format: 'markdown', content: '# Odd name\n\nStill readable.' })).status).toBe(201);
    const response = await kb(`/kb/kb-test/${encodeURIComponent('a b#c.md')}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Still readable.');
    expect((await kb('/kb/%E0%A4%A')).status).toBe(404);
    expect((await kb('/kb/')).status).toBe(404);
  });
});
