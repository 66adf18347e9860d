import { describe, expect, it } from 'vitest';
import { adminFetch } from './admin-client';

describe('admin API authentication', () => {
  for (const [path, method] of [
    ['/admin/documents', 'GET'],
    ['/admin/documents', 'POST'],
    ['/admin/documents/a.md', 'DELETE'],
    ['/admin/search?q=parking', 'GET'],
  ] as const) {
    it(`${method} ${path} refuses a missing token`, async () => {
      const response = await adminFetch(path, { method }, null);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    });

    it(`${method} ${path} refuses a wrong token`, async () => {
      const response = await adminFetch(path, { method }, 'test-admin-token-but-wrong');
      expect(response.status).toBe(401);
    });
  }

  it('refuses a token sent without the Bearer scheme', async () => {
    const response = await adminFetch('/admin/documents', { headers: { authorization: 'test-admin-token' } }, null);
    expect(response.status).toBe(401);
  });

  it('accepts the configured token', async () => {
    const response = await adminFetch('/admin/documents');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ documents: [] });
  });
});
