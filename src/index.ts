import { app } from './http/app';
import './platform/work-handlers';
import { pruneInbound, retentionDays } from './platform/retention';
import { handleWorkBatch } from './platform/work-queue';

export { Conversation } from './platform/conversation';

export default {
  fetch: app.fetch,
  queue: handleWorkBatch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(pruneInbound(env.DB, retentionDays(env)));
  },
} satisfies ExportedHandler<Env>;
