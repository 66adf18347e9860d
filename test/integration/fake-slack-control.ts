import { env } from 'cloudflare:test';

/** Inspects and scripts the fake Slack Web API (running in Node) from tests in workerd. */
const controlUrl = (path: string) => `${env.SLACK_API_URL.replace(/\/api\/?$/, '')}/__control/${path}`;

export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

async function control<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(controlUrl(path), init);
  if (!response.ok) throw new Error(`fake Slack control ${path}: ${response.status}`);
  return (await response.json()) as T;
}

export const slackCalls = async (method?: string) =>
  (await control<{ calls: SlackCall[] }>(`calls${method ? `?method=${method}` : ''}`)).calls;

export const slackMessages = async (channel?: string) =>
  (await control<{ messages: SlackMessage[] }>(`messages${channel ? `?channel=${channel}` : ''}`)).messages;

/** Describes users to users.info: guests (is_restricted / is_ultra_restricted) and other organisations' users (team_id). */
export const setSlackUsers = (users: Record<string, { team_id?: string; is_restricted?: boolean; is_ultra_restricted?: boolean; unknown?: boolean }>) =>
  control('users', { method: 'POST', body: JSON.stringify({ users }) });

export const resetSlack = () => control('reset', { method: 'POST' });

export const scriptSlack = (method: string, ...faults: unknown[]) =>
  control('script', { method: 'POST', body: JSON.stringify({ method, faults }) });

/** Polls until `check` returns a value (the queue consumer runs in the background). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The App Home view last published to a user (views.publish), or null. */
export const slackHome = async (user: string) => (await control<{ view: { type: string; blocks: unknown[] } | null }>(`home?user=${user}`)).view;
