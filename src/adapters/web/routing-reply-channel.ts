import type { Destination, OutboundReply, ReplyChannel } from '../../domain/review/types';

/** Routes each reply to the channel its destination names (reviews and deadlines deliver through it). */
export class RoutingReplyChannel implements ReplyChannel {
  constructor(private readonly channels: Partial<Record<Destination['kind'], ReplyChannel>>) {}

  deliver(destination: Destination, reply: OutboundReply, key: string): Promise<{ delivered: boolean }> {
    const channel = this.channels[destination.kind];
    if (!channel) throw new Error(`No reply channel for ${destination.kind} is configured.`);
    return channel.deliver(destination, reply, key);
  }
}
