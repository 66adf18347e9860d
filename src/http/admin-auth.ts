import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env';
import { ApiError } from './errors';

/**
 * Bearer-token check for the admin API. The comparison runs over SHA-256
 * digests in constant time, so neither the token's length nor its prefix
 * leaks through response timing.
 */
export const requireAdminToken = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.get('config').adminToken;
  if (!expected) throw new ApiError(401, 'admin_disabled', 'The admin API is disabled: set the ADMIN_TOKEN secret.');
  const header = c.req.header('authorization') ?? '';
  const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (!presented || !(await constantTimeEqual(presented, expected))) {
    throw new ApiError(401, 'unauthorized', 'A valid admin bearer token is required.', undefined, {
      'WWW-Authenticate': 'Bearer realm="countersign-admin"',
    });
  }
  await next();
});

export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [digestA, digestB] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ]);
  const left = new Uint8Array(digestA);
  const right = new Uint8Array(digestB);
  let difference = 0;
  for (let index = 0; index < left.length; index++) difference |= left[index]! ^ right[index]!;
  return difference === 0;
}
