import { z } from 'zod';

/**
 * The events of Slack's AI app surfaces, validated. Slack has two of them:
 * the assistant pane (manifest `assistant_view`: `assistant_thread_started`,
 * `assistant_thread_context_changed`) and its successor, the agent messaging
 * experience (manifest `agent_view`: `app_home_opened` on the Messages tab,
 * `app_context_changed`). Both are accepted; `app_home_opened` on the Home
 * tab publishes the App Home.
 */
export type SurfaceEvent =
  | { kind: 'thread-started' | 'thread-context'; channel: string; threadTs: string; userId: string; contextChannel: string | null }
  | { kind: 'app-context'; channel: string | null; userId: string | null; contextChannel: string | null }
  | { kind: 'home-opened'; channel: string | null; userId: string; tab: 'home' | 'messages' };

export const SURFACE_EVENT_TYPES = ['assistant_thread_started', 'assistant_thread_context_changed', 'app_context_changed', 'app_home_opened'] as const;

const id = z.string().regex(/^[A-Z0-9]{2,}$/);
const ts = z.string().regex(/^\d{1,12}\.\d{1,9}$/);

const assistantThread = z.object({
  type: z.enum(['assistant_thread_started', 'assistant_thread_context_changed']),
  assistant_thread: z.object({
    user_id: id,
    channel_id: id,
    thread_ts: ts,
    context: z.object({ channel_id: z.string().optional() }).passthrough().optional(),
  }),
});

const entity = z.object({ type: z.string(), value: z.unknown() }).passthrough();
const appContext = z.object({
  type: z.literal('app_context_changed'),
  user: id.optional(),
  channel: id.optional(),
  context: z.object({ entities: z.array(entity).optional() }).passthrough().optional(),
});

const homeOpened = z.object({ type: z.literal('app_home_opened'), user: id, channel: id.optional(), tab: z.enum(['home', 'messages']).optional() });

/** True for an event type this module handles (the intake queues them; they are never channel chatter). */
export function isSurfaceEventType(type: unknown): boolean {
  return typeof type === 'string' && (SURFACE_EVENT_TYPES as readonly string[]).includes(type);
}

/** The surface event, or null for anything else (or a malformed one, which is ignored rather than trusted). */
export function parseSurfaceEvent(event: unknown): SurfaceEvent | null {
  const thread = assistantThread.safeParse(event);
  if (thread.success) {
    const { assistant_thread: at } = thread.data;
    return {
      kind: thread.data.type === 'assistant_thread_started' ? 'thread-started' : 'thread-context',
      channel: at.channel_id,
      threadTs: at.thread_ts,
      userId: at.user_id,
      contextChannel: channelOrNull(at.context?.channel_id),
    };
  }
  const context = appContext.safeParse(event);
  if (context.success) {
    return { kind: 'app-context', channel: context.data.channel ?? null, userId: context.data.user ?? null, contextChannel: entityChannel(context.data.context?.entities) };
  }
  const home = homeOpened.safeParse(event);
  if (home.success) return { kind: 'home-opened', channel: home.data.channel ?? null, userId: home.data.user, tab: home.data.tab ?? 'home' };
  return null;
}

/**
 * The channel an agent-view message says the employee is looking at
 * (`app_context.entities` on the message event), or null.
 */
export function messageContextChannel(event: unknown): string | null {
  const parsed = z.object({ app_context: z.object({ entities: z.array(entity) }).passthrough() }).passthrough().safeParse(event);
  return parsed.success ? entityChannel(parsed.data.app_context.entities) : null;
}

/** Entities come most relevant first; the first channel among them is the one in view. */
function entityChannel(entities: z.infer<typeof entity>[] | undefined): string | null {
  for (const candidate of entities ?? []) {
    if (candidate.type === 'slack#/types/channel_id') {
      const channel = channelOrNull(candidate.value);
      if (channel) return channel;
    }
    if (candidate.type === 'slack#/types/message_context' && typeof candidate.value === 'object' && candidate.value !== null) {
      const channel = channelOrNull((candidate.value as { channel_id?: unknown }).channel_id);
      if (channel) return channel;
    }
  }
  return null;
}

/** Public and private channels only: a DM (D…) says nothing about what the employee is working on. */
function channelOrNull(value: unknown): string | null {
  return typeof value === 'string' && /^[CG][A-Z0-9]{2,}$/.test(value) ? value : null;
}
