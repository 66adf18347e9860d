import { app } from './http/app';
import { runScheduled } from './platform/scheduled';
import { workHandlers } from './platform/work-handlers';
import { handleWorkBatch } from './platform/work-queue';

export { Conversation } from './platform/conversation';

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleWorkBatch(batch, env, workHandlers),
  // Awaited rather than handed to waitUntil: a failed job then fails the run, which Cron Events shows.
  async scheduled(controller, env, _ctx) {
    await runScheduled(controller, env);
  },
} satisfies ExportedHandler<Env>;
