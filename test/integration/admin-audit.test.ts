import { describe, expect, it } from 'vitest';
import { adminFetch } from './admin-client';

const post = (body: unknown, token?: string | null) =>
  adminFetch('/admin/audit-log', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, token);

describe('/admin/audit-log', () => {
  it('records a promotion with its figures and lists it', async () => {
    const response = await post({ action: 'model-promoted', actor: 'ana@example.com', subject: 'ft:gpt-4.1-mini:acme::1', comment: 'better on edits', details: { meanSimilarity: 0.61 } });
    expect(response.status).toBe(201);
    const { entries } = (await (await adminFetch('/admin/audit-log?action=model-promoted')).json()) as { entries: Record<string, unknown>[] };
    expect(entries[0]).toMatchObject({ actor: 'ana@example.com', subject: 'ft:gpt-4.1-mini:acme::1', comment: 'better on edits', details: { meanSimilarity: 0.61 } });
  });

  it('refuses unknown actions, missing actors, extra fields and missing tokens', async () => {
    expect((await post({ action: 'delete-everything', actor: 'x', subject: 'y', details: {} })).status).toBe(400);
    expect(await (await post({ action: 'model-promoted', subject: 'y', details: {} })).json()).toMatchObject({ error: { field: 'actor' } });
    expect((await post({ action: 'model-promoted', actor: 'x', subject: 'y', details: {}, id: 5 })).status).toBe(400);
    expect((await post({ action: 'model-promoted', actor: 'x', subject: 'y', details: {} }, null)).status).toBe(401);
    expect((await adminFetch('/admin/audit-log?action=Not%20An%20Action')).status).toBe(400);
    // Any well-formed action filters, including those only the Worker writes (stage changes, sign-ins).
    expect((await adminFetch('/admin/audit-log?action=stage-changed')).status).toBe(200);
  });
});
