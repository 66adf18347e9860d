import type { AnswerReplyChannel, HoldKind } from '../../application/ports';
import type { Destination, OutboundReply } from '../../domain/review/types';
import { sourcesOf } from '../../domain/webchat/messages';
import type { Conversation } from '../../platform/conversation';
import { WEB_STRINGS } from './strings';

/**
 * Delivers replies into web chat conversations: the conversation's Durable
 * Object stores each delivery key once and pushes the reply to the open
 * sockets, so a retried delivery shows once.
 */
export class WebReplyChannel implements AnswerReplyChannel {
  constructor(private readonly conversations: DurableObjectNamespace<Conversation>) {}

  async deliver(destination: Destination, reply: OutboundReply, key: string): Promise<{ delivered: boolean }> {
    if (destination.kind !== 'web') throw new Error(`WebReplyChannel cannot deliver to ${destination.kind}`);
    // 'staff' exactly when a person wrote the text: the widget marks it "from the support team".
    return this.post(destination, {
      kind: reply.author === 'staff' ? 'staff' : 'answer',
      text: reply.text,
      sources: reply.draft ? sourcesOf(reply.draft.citations) : [],
      draftId: reply.draft?.id ?? null,
    }, key);
  }

  /** The holding message: the customer's question is with a teammate. */
  async hold(destination: Destination, kind: HoldKind, key: string): Promise<void> {
    if (destination.kind !== 'web') throw new Error(`WebReplyChannel cannot hold ${destination.kind}`);
    await this.post(destination, { kind: 'holding', text: WEB_STRINGS.holding[kind], sources: [], draftId: null }, key);
  }

  /** Posts a holding or other reply of a given kind. */
  async post(destination: Extract<Destination, { kind: 'web' }>, reply: { kind: 'answer' | 'holding' | 'staff'; text: string; sources: { title: string; url: string | null }[]; draftId: string | null }, key: string) {
    const stub = this.conversations.get(this.conversations.idFromName(destination.conversationId));
    return stub.deliver(key, { ...reply, replyTo: destination.messageId });
  }
}
