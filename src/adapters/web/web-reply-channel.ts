import type { Destination, OutboundReply, ReplyChannel } from '../../domain/review/types';
import { sourcesOf } from '../../domain/webchat/messages';
import type { Conversation } from '../../platform/conversation';

/**
 * Delivers replies into web chat conversations: the conversation's Durable
 * Object stores each delivery key once and pushes the reply to the open
 * sockets, so a retried delivery shows once.
 */
export class WebReplyChannel implements ReplyChannel {
  constructor(private readonly conversations: DurableObjectNamespace<Conversation>) {}

  async deliver(destination: Destination, reply: OutboundReply, key: string): Promise<{ delivered: boolean }> {
    if (destination.kind !== 'web') throw new Error(`WebReplyChannel cannot deliver to ${destination.kind}`);
    return this.post(destination, {
      kind: reply.draft ? 'answer' : 'staff',
      text: reply.text,
      sources: reply.draft ? sourcesOf(reply.draft.citations) : [],
      draftId: reply.draft?.id ?? null,
      author: reply.author ?? (reply.draft ? 'bot' : 'staff'),
    }, key);
  }

  /** Posts a holding or other reply of a given kind. */
  async post(destination: Extract<Destination, { kind: 'web' }>, reply: { kind: 'answer' | 'holding' | 'staff'; text: string; sources: { title: string; url: string | null }[]; draftId: string | null; author?: 'bot' | 'staff' }, key: string) {
    const stub = this.conversations.get(this.conversations.idFromName(destination.conversationId));
    return stub.deliver(key, { ...reply, replyTo: destination.messageId });
  }
}

/** Routes each reply to the channel its destination names. */
export class RoutingReplyChannel implements ReplyChannel {
  constructor(private readonly channels: Partial<Record<Destination['kind'], ReplyChannel>>) {}

  deliver(destination: Destination, reply: OutboundReply, key: string): Promise<{ delivered: boolean }> {
    const channel = this.channels[destination.kind];
    if (!channel) throw new Error(`No reply channel for ${destination.kind} is configured.`);
    return channel.deliver(destination, reply, key);
  }
}
