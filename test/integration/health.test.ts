import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('GET /healthz', () => {
  it('answers ok', async () => {
    const response = await SELF.fetch('https://countersign.test/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, service: 'countersign' });
  });

  it('answers unknown paths with the JSON error envelope', async () => {
    const response = await SELF.fetch('https://countersign.test/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint.' } });
  });
});
