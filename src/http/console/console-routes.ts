import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../../domain/app-error';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { log } from '../../log';
import type { ConsoleEnv } from './console-env';
import { html } from './html';
import { messagePage } from './layout';
import { auditRoutes } from './pages/audit';
import { calibrationRoutes } from './pages/calibration';
import { conversationReplyRoutes } from './pages/conversation-reply';
import { conversationRoutes } from './pages/conversations';
import { dashboardRoutes } from './pages/dashboard';
import { historyRoutes } from './pages/history';
import { knowledgeRoutes } from './pages/knowledge';
import { knowledgeSourceRoutes } from './pages/knowledge-sources';
import { loginRoutes } from './pages/login';
import { reviewQueueRoutes } from './pages/review-queue';
import { reviewRoutes } from './pages/reviews';
import { rolloutRoutes } from './pages/rollout';
import { verifiedRoutes } from './pages/verified';
import { sessionRoutes } from './pages/sessions';

/**
 * The staff review console, mounted at /admin after the JSON admin API.
 * Each route carries its own session and role checks (no catch-all
 * middleware), so paths the console does not serve still reach the API's
 * routes and its JSON 404.
 */
export const consoleRoutes = new Hono<ConsoleEnv>();

consoleRoutes.get('/', (c) => c.redirect('/admin/reviews', 303));
for (const routes of [loginRoutes, reviewQueueRoutes, reviewRoutes, historyRoutes, conversationRoutes, conversationReplyRoutes, knowledgeRoutes, knowledgeSourceRoutes, dashboardRoutes, rolloutRoutes, calibrationRoutes, verifiedRoutes, auditRoutes, sessionRoutes]) {
  consoleRoutes.route('/', routes);
}

// Errors on console pages are pages too; the message of an unexpected one stays in no log (it may hold user input).
consoleRoutes.onError((error, c) => {
  if (!c.get('user')) c.set('user', null);
  if (error instanceof AppError && error.expose) return messagePage(c, error.status as ContentfulStatusCode, 'Request refused', error.message || 'Request refused.');
  if (error instanceof HTTPException) return messagePage(c, error.status, 'Request refused', error.message || 'Request refused.');
  const requestId = crypto.randomUUID();
  const frames = error.stack?.split('\n').slice(1).join('\n');
  log('console-request-failed', { requestId, method: c.req.method, path: new URL(c.req.url).pathname, error: error.name, stack: frames });
  return messagePage(c, 500, 'Something went wrong', html`The console hit an internal error (request <code>${requestId}</code>). Nothing you sent was shown in the logs.`);
});
