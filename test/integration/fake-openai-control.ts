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
