import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import type { ChatMessage } from '../../src/domain/webchat/messages';
import { adminFetch } from './admin-client';

export const WORKER = 'https://countersign.test';
export const SHOP = 'https://shop.example';
export const PREVIEW_KEY = 'test-preview-key-0123';

export interface Session {
  token: string;
  conversationId: string;
  stage: string;
  preview: boolean;
}

/** A message as the API returns it. */
export type WireMessage = ChatMessage;

export function webFetch(path: string, init: RequestInit & { token?: string; origin?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.origin !== null) headers.set('origin', init.origin ?? SHOP);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return SELF.fetch(`${WORKER}${path}`, { ...init, headers });
}

/** Moves a channel to a stage through the admin API (no-op when it is there already). */
export async function setStage(stage: 'internal' | 'supervised' | 'autonomous', channel = 'web'): Promise<void> {
  const response = await adminFetch(`/admin/channels/${channel}/stage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stage, actor: 'test-admin', reason: `tests need ${stage}`, override: true }),
  });
  if (response.status === 409 && ((await response.json()) as { error: { code: string } }).error.code === 'unchanged') return;
  expect(response.status).toBe(200);
}

export async function openSession(body: Record<string, unknown> = {}): Promise<Session> {
  const response = await webFetch('/web/sessions', { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(201);
  return (await response.json()) as Session;
}

let counter = 0;
export function send(session: Session, text: string, clientMessageId = `c${Date.now()}-${++counter}`): Promise<Response> {
  return webFetch(`/web/conversations/${session.conversationId}/messages`, { method: 'POST', token: session.token, body: JSON.stringify({ text, clientMessageId }) });
}

export async function history(session: Session): Promise<{ messages: WireMessage[]; awaiting: string }> {
  const response = await webFetch(`/web/conversations/${session.conversationId}/messages`, { token: session.token });
  expect(response.status).toBe(200);
  return (await response.json()) as { messages: WireMessage[]; awaiting: string };
}

/** Polls the history until the customer is no longer waiting for the bot. */
export async function settled(session: Session, timeoutMs = 15_000): Promise<{ messages: WireMessage[]; awaiting: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await history(session);
    if (current.awaiting !== 'answer') return current;
    if (Date.now() > deadline) throw new Error(`conversation still awaiting an answer: ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
