import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, handleError } from '../../src/http/errors';

function appThrowing(error: Error) {
  const app = new Hono();
  app.get('/', () => {
    throw error;
  });
  app.onError(handleError);
  return app;
}

describe('handleError', () => {
  it('turns an ApiError into its envelope and status', async () => {
    const response = await appThrowing(new ApiError(409, 'conflict', 'Already decided.', 'reviewId')).request('/');
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: 'conflict', message: 'Already decided.', field: 'reviewId' } });
  });

  it('logs an unexpected error and answers a bare 500 without its message', async () => {
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    const response = await appThrowing(new TypeError('secret detail from user input')).request('/');
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error).toMatchObject({ code: 'internal', message: 'Internal error' });
    expect(JSON.stringify(body)).not.toContain('secret detail');
    const line = JSON.parse(logged.mock.calls[0]![0] as string);
    expect(line).toMatchObject({ event: 'request-failed', requestId: body.error.requestId, error: 'TypeError' });
    expect(logged.mock.calls[0]![0]).not.toContain('secret detail');
    logged.mockRestore();
  });
});
