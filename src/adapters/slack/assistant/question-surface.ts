import type { WebClient } from '@slack/web-api';
import type { ConversationTurn } from '../../../domain/answer/types';
import { type AssistantThread, type D1AssistantThreads, WHOLE_DM } from '../../d1/d1-assistant-threads';
import { truncatePlain } from '../blocks/mrkdwn';
import { classifySlackError } from '../slack-errors';
import { questionText, type SlackMessageEvent } from '../slack-event';
import { messageContextChannel } from './surface-event';

/**
 * Where a question is asked, as the pipeline needs it: how to show that it is
 * being worked on, and what else the engine should know. Outside the
 * assistant pane this is the :eyes: reaction (see slack-question-source.ts).
 */
export interface QuestionSurface {
  start(): Promise<void>;
  /** After the answer, the holding message or the review card is out. */
  stop(): Promise<void>;
  /** After a failure (retried or not): a status would otherwise spin on. */
  onError?(): Promise<void>;
  /** Turns put before the thread's history, e.g. the channel the employee is looking at. */
  context: ConversationTurn[];
}

export const STATUS = 'is searching the knowledge base…';
export const LOADING_MESSAGES = ['Searching the knowledge base…', 'Reading the best passages…', 'Checking the sources…'];
const TITLE_LENGTH = 80;
const CONTEXT_LENGTH = 250;

export interface QuestionSurfaceDependencies {
  client: WebClient;
  threads: D1AssistantThreads;
  botUserId: string | null;
  log(event: string, fields: Record<string, unknown>): void;
}

/**
 * The assistant pane's surface for a DM that belongs to an assistant thread
 * (assistant view) or to an agent-view DM; null for any other message, which
 * keeps the reaction. Status, title and context are courtesies: a Slack
 * error there is logged and never fails (or retries) the answer.
 */
export async function assistantSurfaceFor(deps: QuestionSurfaceDependencies, event: SlackMessageEvent, raw: unknown): Promise<QuestionSurface | null> {
  if (event.channelType !== 'im') return null;
  const thread = (await deps.threads.forMessage(event.channel, event.threadTs)) ?? (await agentViewDm(deps, event, raw));
  if (!thread) return null;
  // The agent view threads every question on its own; the assistant view has one thread per conversation.
  const threadTs = thread.threadTs === WHOLE_DM ? (event.threadTs ?? event.ts) : thread.threadTs;
  const contextChannel = messageContextChannel(raw) ?? thread.contextChannel;
  const status = (text: string, loading?: string[]) =>
    deps.client.assistant.threads
      .setStatus({ channel_id: event.channel, thread_ts: threadTs, status: text, ...(loading ? { loading_messages: loading } : {}) })
      .then(
        () => undefined,
        (error: unknown) => deps.log('slack-assistant-status-failed', { code: classifySlackError(error).code }),
      );
  const clear = () => status('');
  return {
    context: contextChannel ? await channelContext(deps, contextChannel) : [],
    async start() {
      await status(STATUS, LOADING_MESSAGES);
      if (await firstQuestion(deps, thread, event)) {
        const title = truncatePlain(questionText(event.text, deps.botUserId), TITLE_LENGTH);
        if (title) {
          await deps.client.assistant.threads
            .setTitle({ channel_id: event.channel, thread_ts: threadTs, title })
            .catch((error: unknown) => deps.log('slack-assistant-title-failed', { code: classifySlackError(error).code }));
        }
      }
    },
    stop: clear,
    onError: clear,
  };
}

/** Only agent-view messages carry `app_context`: such a DM is the assistant pane even if its Messages tab was never seen opening. */
async function agentViewDm(deps: QuestionSurfaceDependencies, event: SlackMessageEvent, raw: unknown): Promise<AssistantThread | null> {
  if (typeof raw !== 'object' || raw === null || !('app_context' in raw)) return null;
  await deps.threads.start(event.channel, WHOLE_DM, event.user, messageContextChannel(raw));
  return deps.threads.get(event.channel, WHOLE_DM);
}

/** The first question of its thread: the assistant thread's, claimed once in D1; in the agent view, any message that starts a thread. */
async function firstQuestion(deps: QuestionSurfaceDependencies, thread: AssistantThread, event: SlackMessageEvent): Promise<boolean> {
  if (thread.threadTs === WHOLE_DM) return event.threadTs === null || event.threadTs === event.ts;
  return deps.threads.claimTitle(thread.channel, thread.threadTs);
}

/**
 * What the engine is told about the channel in view: its name and purpose,
 * as the employee sees them. Slack answers only for channels the app can
 * read; for any other the context is left out rather than guessed.
 */
async function channelContext(deps: QuestionSurfaceDependencies, channel: string): Promise<ConversationTurn[]> {
  const info = await deps.client.conversations.info({ channel }).catch((error: unknown) => {
    deps.log('slack-assistant-context-unavailable', { code: classifySlackError(error).code });
    return null;
  });
  const name = info?.channel?.name;
  if (!name) return [];
  const about = info.channel?.purpose?.value || info.channel?.topic?.value || '';
  const text = `(For context: I am looking at the Slack channel #${name}${about ? `, about: ${about}` : ''}.)`;
  return [{ role: 'user', text: truncatePlain(text, CONTEXT_LENGTH) }];
}
