import { env } from 'cloudflare:test';

/** Scripts the fake OpenAI server (running in Node) from tests running in workerd. */
const controlUrl = (path: string) => `${env.FAKE_OPENAI_URL.replace(/\/v1$/, '')}/__control/${path}`;

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  authorized: boolean;
}

export async function scriptChat(...steps: unknown[]): Promise<void> {
  const response = await fetch(controlUrl('script'), { method: 'POST', body: JSON.stringify({ endpoint: 'chat.completions', steps }) });
  if (!response.ok) throw new Error(`fake OpenAI control failed: ${response.status}`);
}

export async function recordedRequests(): Promise<RecordedRequest[]> {
  const response = await fetch(controlUrl('requests'));
  return ((await response.json()) as { requests: RecordedRequest[] }).requests;
}

export async function resetFake(): Promise<void> {
  await fetch(controlUrl('reset'), { method: 'POST' });
}

/** The chat messages of the n-th recorded request (throws if there is none). */
export async function messagesOf(index: number): Promise<{ role: string; content: string }[]> {
  const request = (await recordedRequests())[index];
  if (!request) throw new Error(`no request ${index} was recorded`);
  return request.body.messages as { role: string; content: string }[];
}

/** The last message of the first request: the fenced passages and question. */
export async function firstPrompt(): Promise<string> {
  return (await messagesOf(0)).at(-1)!.content;
}
