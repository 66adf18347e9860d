import { app } from './http/app';
import './platform/work-handlers';
import { handleWorkBatch } from './platform/work-queue';

export { Conversation } from './platform/conversation';

export default {
  fetch: app.fetch,
  queue: handleWorkBatch,
} satisfies ExportedHandler<Env>;
