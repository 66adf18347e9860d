// Small helpers every method handler uses: reading form-or-JSON arguments and
// shaping Slack's `{ok, ...}` answers. Platform-free (no node:*).

import type { SlackState } from './state';
import type { MessageMetadata, StoredMessage } from './types';

/** The JSON body of an answer: always an object with `ok`. */
export type SlackReply = { ok: true; [key: string]: unknown } | { ok: false; error: string; [key: string]: unknown };

export type MethodHandler = (body: Record<string, unknown>, state: SlackState) => SlackReply;

export const ok = (fields: Record<string, unknown> = {}): SlackReply => ({ ok: true, ...fields });

/** Slack attaches `[ERROR] ...` lines for argument errors; WebClient logs them. */
export const fail = (error: string, ...messages: string[]): SlackReply => ({
  ok: false,
  error,
  ...(messages.length > 0 && { response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } }),
});

/** A non-empty string argument (form fields are strings; JSON bodies may send numbers). */
export function arg(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A boolean argument: form bodies carry 'true' / '1', JSON bodies real booleans. */
export function flag(body: Record<string, unknown>, key: string): boolean {
  const value = body[key];
  return value === true || value === 1 || value === 'true' || value === '1';
}

/** A positive integer argument, clamped to [1, max]; fallback when absent or not a number. */
export function count(body: Record<string, unknown>, key: string, fallback: number, max: number): number {
  const value = Number(body[key]);
  return Number.isInteger(value) && value > 0 ? Math.min(value, max) : fallback;
}

export interface MessageContent {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: MessageMetadata;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The text / blocks / attachments / metadata of a chat.* call, validated the way
 * Slack validates them (no_text, invalid_blocks, invalid_attachments,
 * invalid_metadata_format). A nested field still a string here was not valid
 * JSON on the wire.
 */
export function messageContent(body: Record<string, unknown>): MessageContent | { error: string } {
  const content: MessageContent = {};
  if ('blocks' in body) {
    const blocks = body.blocks;
    if (!Array.isArray(blocks) || !blocks.every((b) => isObject(b) && typeof b.type === 'string')) return { error: 'invalid_blocks' };
    content.blocks = blocks;
  }
  if ('attachments' in body) {
    if (!Array.isArray(body.attachments)) return { error: 'invalid_attachments' };
    content.attachments = body.attachments;
  }
  if ('metadata' in body) {
    const metadata = body.metadata;
    if (!isObject(metadata) || typeof metadata.event_type !== 'string' || !isObject(metadata.event_payload)) {
      return { error: 'invalid_metadata_format' };
    }
    content.metadata = { event_type: metadata.event_type, event_payload: metadata.event_payload };
  }
  const text = arg(body, 'text');
  if (text !== undefined) content.text = text;
  if (text === undefined && !content.blocks?.length && !content.attachments?.length) return { error: 'no_text' };
  return content;
}

/**
 * A stored message as Slack's API returns it: no `channel` field (the channel
 * is the request's), reactions attached, metadata only when asked for (Slack
 * returns it from conversations.* only with include_all_metadata).
 */
export function present(state: SlackState, message: StoredMessage, withMetadata: boolean): Record<string, unknown> {
  const { channel, metadata, ...rest } = message;
  const reactions = state.reactionsOn(channel, message.ts);
  return {
    ...structuredClone(rest),
    ...(withMetadata && metadata !== undefined && { metadata: structuredClone(metadata) }),
    ...(reactions !== undefined && { reactions }),
  };
}

/** Opaque cursors shaped like Slack's: base64 of 'prefix:value'. */
export const encodeCursor = (prefix: string, value: string): string => btoa(`${prefix}:${value}`);

export function decodeCursor(prefix: string, cursor: string): string | undefined {
  try {
    const decoded = atob(cursor);
    return decoded.startsWith(`${prefix}:`) ? decoded.slice(prefix.length + 1) : undefined;
  } catch {
    return undefined;
  }
}
