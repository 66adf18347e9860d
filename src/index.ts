import { app } from './http/app';
import './platform/work-handlers';
import { runScheduled } from './platform/scheduled';
import { handleWorkBatch } from './platform/work-queue';

export { Conversation } from './platform/conversation';

export default {
  fetch: app.fetch,
  queue: handleWorkBatch,
  // Awaited rather than handed to waitUntil: a failed job then fails the run, which Cron Events shows.
  async scheduled(controller, env, _ctx) {
    await runScheduled(controller, env);
  },
} satisfies ExportedHandler<Env>;
