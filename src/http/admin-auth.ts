import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env';
import { constantTimeEqual } from '../domain/crypto/hmac';
import { ApiError } from './errors';

/**
 * Bearer-token check for the admin API. The comparison is Web Crypto's
 * constant-time HMAC verify (constantTimeEqual), so neither the token's
 * length nor its prefix leaks through response timing.
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
