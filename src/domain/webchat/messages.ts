import type { ConversationTurn, Passage } from '../answer/types';

/** One message in a web chat conversation, as the widget shows it. */
export interface ChatMessage {
  id: string;
  /** Order in the conversation, from 1. */
  seq: number;
  role: 'customer' | 'assistant';
  /** question: the customer's; answer: the bot's (sent or approved); holding: "a teammate is checking"; staff: written by staff. */
  kind: 'question' | 'answer' | 'holding' | 'staff';
  text: string;
  sources: { title: string; url: string | null }[];
  /** Helpful / not-helpful buttons apply (answers backed by a draft). */
  feedback: boolean;
  /** Assistant messages: who wrote it, so the widget can mark replies from the support team. */
  author?: 'bot' | 'staff';
  createdAt: string;
}

/** What the customer is waiting for: nothing, the bot's answer, or a teammate's review. */
export type Awaiting = 'none' | 'answer' | 'review';

export interface ConversationMeta {
  conversationId: string;
  channel: string;
  preview: boolean;
}

export interface WebChatLimits {
  /** Characters in one customer message. */
  maxMessageChars: number;
  /** Messages (both sides) a conversation may hold; a full one asks the customer to start anew. */
  maxHistory: number;
  /** Customer messages per conversation per minute. */
  perSessionPerMinute: number;
  /** Customer messages and new sessions per IP address per minute. */
  perIpPerMinute: number;
}

export const CLIENT_MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type MessageInputError = { code: 'empty_message' | 'message_too_long' | 'invalid_client_message_id'; message: string };

/** Checks a customer's message before anything is stored; returns the cleaned text. */
export function checkCustomerMessage(input: { text: unknown; clientMessageId: unknown }, limits: WebChatLimits): { text: string; clientMessageId: string } | MessageInputError {
  if (typeof input.clientMessageId !== 'string' || !CLIENT_MESSAGE_ID.test(input.clientMessageId)) {
    return { code: 'invalid_client_message_id', message: 'clientMessageId must be 1 to 64 letters, digits, "-" or "_".' };
  }
  if (typeof input.text !== 'string') return { code: 'empty_message', message: 'The message is empty.' };
  // Control characters other than newline and tab, and bidirectional overrides
  // (which can make text read differently to staff), carry nothing a person typed.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  const text = input.text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '').trim();
  if (!text) return { code: 'empty_message', message: 'The message is empty.' };
  if ([...text].length > limits.maxMessageChars) {
    return { code: 'message_too_long', message: `Messages are limited to ${limits.maxMessageChars} characters.` };
  }
  return { text, clientMessageId: input.clientMessageId };
}

/** The sources shown under an answer: one per document, in citation order. */
export function sourcesOf(citations: Passage[]): ChatMessage['sources'] {
  const seen = new Set<string>();
  const sources: ChatMessage['sources'] = [];
  for (const passage of citations) {
    if (seen.has(passage.documentId)) continue;
    seen.add(passage.documentId);
    sources.push({ title: passage.title, url: passage.url });
  }
  return sources;
}

/** The conversation so far as the answer engine takes it (holding messages are not turns). */
export function historyTurns(messages: ChatMessage[], before: number): ConversationTurn[] {
  return messages
    .filter((message) => message.seq < before && message.kind !== 'holding')
    .map((message) => ({ role: message.role === 'customer' ? 'user' : 'assistant', text: message.text }));
}
