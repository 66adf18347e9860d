import { app } from './http/app';
import { handleWorkBatch } from './platform/work-queue';

export { Conversation } from './platform/conversation';

export default {
  fetch: app.fetch,
  queue: handleWorkBatch,
} satisfies ExportedHandler<Env>;
