import type { WebClient } from '@slack/web-api';
import { type D1AssistantThreads, WHOLE_DM } from '../../d1/d1-assistant-threads';
import { classifySlackError } from '../slack-errors';
import type { SlackReplyChannel } from '../slack-reply-channel';
import { ASSISTANT_STRINGS } from './assistant-strings';
import type { SuggestedPrompt } from './suggested-prompts';
import type { SurfaceEvent } from './surface-event';

export interface SurfaceEventDependencies {
  client: WebClient;
  /** Posts once per key, so a redelivered event greets once. */
  reply: SlackReplyChannel;
  threads: D1AssistantThreads;
  /** The prompts to offer this user (the questions employees asked go to members only). */
  prompts(userId: string): Promise<SuggestedPrompt[]>;
  /** Publishes the App Home for one user. */
  publishHome(userId: string): Promise<void>;
  log(event: string, fields: Record<string, unknown>): void;
}

/**
 * Answers one AI-surface event from the queue. Every step is idempotent (the
 * greeting is keyed, prompts and context are overwritten), so a retry after a
 * failure repeats nothing the employee would notice twice.
 */
export async function handleSurfaceEvent(event: SurfaceEvent, deps: SurfaceEventDependencies): Promise<void> {
  switch (event.kind) {
    case 'thread-started': {
      await deps.threads.start(event.channel, event.threadTs, event.userId, event.contextChannel);
      await deps.reply.post(`greeting:${event.channel}:${event.threadTs}`, { channel: event.channel, thread_ts: event.threadTs, text: ASSISTANT_STRINGS.greeting });
      await suggest(deps, event.userId, event.channel, event.threadTs);
      return;
    }
    case 'thread-context':
      // Also records a thread started before this version was deployed.
      await deps.threads.start(event.channel, event.threadTs, event.userId, event.contextChannel);
      await deps.threads.setContext(event.channel, event.threadTs, event.contextChannel);
      return;
    case 'app-context':
      if (event.channel) await deps.threads.setContext(event.channel, WHOLE_DM, event.contextChannel);
      else if (event.userId) await deps.threads.setUserContext(event.userId, event.contextChannel);
      return;
    case 'home-opened':
      if (event.tab === 'home') return deps.publishHome(event.userId);
      if (!event.channel) return;
      // The agent view: the DM's Messages tab is the assistant. Greet once, offer prompts every time.
      await deps.threads.start(event.channel, WHOLE_DM, event.userId, null);
      await deps.reply.post(`greeting:${event.channel}`, { channel: event.channel, text: ASSISTANT_STRINGS.greeting });
      await suggest(deps, event.userId, event.channel, null);
      return;
  }
}

/**
 * Suggested prompts, best effort: without them the pane still works. The
 * agent view takes them for the DM as a whole (Slack silently drops the
 * call when it carries a thread_ts there), the assistant view per thread.
 */
async function suggest(deps: SurfaceEventDependencies, userId: string, channel: string, threadTs: string | null): Promise<void> {
  const prompts = await deps.prompts(userId);
  if (prompts.length === 0) return;
  await deps.client.assistant.threads
    .setSuggestedPrompts({ channel_id: channel, ...(threadTs ? { thread_ts: threadTs } : {}), title: ASSISTANT_STRINGS.promptsTitle, prompts })
    .catch((error: unknown) => deps.log('slack-assistant-prompts-failed', { code: classifySlackError(error).code }));
}
