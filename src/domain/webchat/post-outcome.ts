import type { RolloutStage } from '../answer/types';
import type { ChatMessage, MessageInputError } from './messages';

/** Why a customer message was not taken; the HTTP edge and the socket map each to a status. */
export type PostRefusalCode = MessageInputError['code'] | 'no_conversation' | 'history_full' | 'client_message_id_reused' | 'rate_limited' | 'not_available';

/** What posting a customer message came to: stored (or a resend of a stored one), or refused. */
export type PostOutcome =
  | { ok: true; message: ChatMessage; created: boolean }
  | { ok: false; code: PostRefusalCode; message: string; retryAfter?: number };

/**
 * Whether a conversation may take customer messages: a channel at `internal`
 * takes them only from staff preview sessions. The one stage gate for web
 * chat, used by the HTTP routes and by the conversation's socket (a channel
 * moved back to internal takes no more questions on either).
 */
export function chatOpen(stage: RolloutStage | undefined, preview: boolean): boolean {
  return preview || stage !== 'internal';
}

export const NOT_AVAILABLE = 'Chat is not available yet.';
