import { MAX_REPLY_LENGTH } from './review-service';
import type { Destination, ReplyChannel } from './types';

/** A form's one-time id: a double submit of the same form carries the same id, so it is delivered once. */
export const STAFF_REPLY_ID = /^[A-Za-z0-9_-]{16,64}$/;

export type StaffReplyError = { code: 'empty_reply' | 'reply_too_long' | 'invalid_reply_id'; message: string };

export interface StaffReplyRequest {
  destination: Destination;
  text: string;
  /** The id the reply form was rendered with. */
  replyId: string;
}

/**
 * Checks a reply a staff member wrote in a conversation before anything is
 * sent. Control characters and bidirectional overrides carry nothing a person
 * meant to type (and can make text read differently), so they are removed.
 */
export function checkStaffReply(request: { text: string; replyId: string }): { text: string } | StaffReplyError {
  if (!STAFF_REPLY_ID.test(request.replyId)) return { code: 'invalid_reply_id', message: 'The reply form is out of date: reload the page and send the reply again.' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  const text = request.text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '').trim();
  if (!text) return { code: 'empty_reply', message: 'The reply is empty: write what the asker should read.' };
  if ([...text].length > MAX_REPLY_LENGTH) return { code: 'reply_too_long', message: `The reply is ${[...text].length} characters long; the limit is ${MAX_REPLY_LENGTH}. Shorten it and send it again.` };
  return { text };
}

/** The delivery key: scoped to the conversation, so a form id replayed elsewhere cannot suppress another reply. */
export function staffReplyKey(destination: Destination, replyId: string): string {
  const place = destination.kind === 'web' ? `web:${destination.conversationId}` : `slack:${destination.channel}:${destination.threadTs}`;
  return `staff-reply:${place}:${replyId}`;
}

/**
 * Sends a staff member's reply to the asker through the channel the question
 * came from, marked as written by staff. Idempotent by form id: `delivered`
 * is false when the same form was already sent (a double click, a reload);
 * `text` is what was sent, cleaned.
 */
export async function sendStaffReply(reply: ReplyChannel, request: StaffReplyRequest): Promise<{ delivered: boolean; text: string } | StaffReplyError> {
  const checked = checkStaffReply(request);
  if ('code' in checked) return checked;
  const { delivered } = await reply.deliver(request.destination, { text: checked.text, draft: null, author: 'staff' }, staffReplyKey(request.destination, request.replyId));
  return { delivered, text: checked.text };
}
