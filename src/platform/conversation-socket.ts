import type { PostOutcome } from '../domain/webchat/post-outcome';
import { REFUSAL_STATUS } from '../http/web-chat-status';

/*
 * The web chat socket's frame protocol (docs/web-chat.md): the client sends
 * {"type":"message",text,clientMessageId} or {"type":"ping"}; the server
 * sends history, message, awaiting, pong and error frames.
 */

const MAX_FRAME_BYTES = 32 * 1024;

export type ClientFrame = { type: 'ping' } | { type: 'message'; text: unknown; clientMessageId: unknown } | { type: 'invalid'; reply: string };

/** Reads one client frame; an invalid one comes with the error frame to answer it with. */
export function parseFrame(data: string | ArrayBuffer): ClientFrame {
  const size = typeof data === 'string' ? data.length : data.byteLength;
  if (size > MAX_FRAME_BYTES) return { type: 'invalid', reply: errorFrame(413, 'too_large', 'That message is too large.') };
  let frame: { type?: unknown; text?: unknown; clientMessageId?: unknown };
  try {
    frame = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data)) as typeof frame;
  } catch {
    return { type: 'invalid', reply: errorFrame(400, 'invalid_json', 'Frames are JSON objects.') };
  }
  if (frame?.type === 'ping') return { type: 'ping' };
  if (frame?.type !== 'message') return { type: 'invalid', reply: errorFrame(400, 'unknown_frame', 'Unknown frame type.') };
  return { type: 'message', text: frame.text, clientMessageId: frame.clientMessageId };
}

/** What a socket carries with it across hibernation: who opened it and until when its session holds. */
export interface SocketAttachment {
  ip: string;
  expiresAt: number;
}

export function attachmentOf(ws: WebSocket): SocketAttachment {
  return (ws.deserializeAttachment() ?? { ip: 'unknown', expiresAt: 0 }) as SocketAttachment;
}

export function errorFrame(status: number, code: string, message: string, retryAfter?: number): string {
  return JSON.stringify({ type: 'error', error: { status, code, message, ...(retryAfter ? { retryAfter } : {}) } });
}

/** The frame answering a posted message over the socket, or null (a new message is pushed to every socket anyway). */
export function outcomeFrame(outcome: PostOutcome): string | null {
  if (!outcome.ok) return errorFrame(REFUSAL_STATUS[outcome.code], outcome.code, outcome.message, outcome.retryAfter);
  // A resend of a stored message: the client missed the push, so send it again to this socket.
  return outcome.created ? null : JSON.stringify({ type: 'message', message: outcome.message });
}
