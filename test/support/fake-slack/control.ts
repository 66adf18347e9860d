// The /__control/ endpoints: scripting and inspection over HTTP, for tests
// that run inside workerd and cannot reach the FakeSlack object in Node.
// Platform-free (no node:*).
//
//   POST /__control/script    {method, faults}   queue faults for a method
//   GET  /__control/calls     [?method=]         recorded calls
//   GET  /__control/messages  [?channel=]        stored messages
//   POST /__control/messages  SeedMessage        store a message (e.g. a thread's question)
//   GET  /__control/reactions                    current reactions
//   GET  /__control/views                        views opened with views.open
//   GET  /__control/home?user=                   the App Home last published to a user
//   POST /__control/channels  {channels}         replace channel membership
//   POST /__control/users     {users}            users.info overrides (guests, Slack Connect users)
//   POST /__control/reset                        back to the starting state

import type { SlackState } from './state';
import type { ChannelSpec, Fault, RecordedCall, SeedMessage } from './types';

export interface ControlContext {
  state: SlackState;
  calls: RecordedCall[];
  script(method: string, faults: Fault[]): void;
  reset(): void;
}

export interface ControlAnswer {
  status: number;
  body: unknown;
}

const FAULT_KINDS = new Set(['rate-limited', 'error', 'status', 'delay', 'lost-response']);

export function isFault(value: unknown): value is Fault {
  if (typeof value !== 'object' || value === null) return false;
  const fault = value as Record<string, unknown>;
  if (!FAULT_KINDS.has(String(fault.fault))) return false;
  switch (fault.fault) {
    case 'rate-limited':
      return typeof fault.retryAfterSeconds === 'number' && fault.retryAfterSeconds >= 0;
    case 'error':
      return typeof fault.error === 'string' && fault.error.length > 0;
    case 'status':
    case 'lost-response':
      return typeof fault.status === 'number' && fault.status >= 100 && fault.status <= 599;
    default:
      return typeof fault.ms === 'number' && fault.ms >= 0;
  }
}

function isMembership(value: unknown): value is Record<string, ChannelSpec> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (entry) => typeof entry === 'object' && entry !== null && Array.isArray(entry.members) && entry.members.every((m: unknown) => typeof m === 'string'),
  );
}

function isSeed(value: unknown): value is SeedMessage {
  if (typeof value !== 'object' || value === null) return false;
  const seed = value as Record<string, unknown>;
  return typeof seed.channel === 'string' && typeof seed.user === 'string' && typeof seed.text === 'string';
}

const badRequest = (error: string): ControlAnswer => ({ status: 400, body: { ok: false, error } });

export function handleControl(
  httpMethod: string,
  path: string,
  query: URLSearchParams,
  raw: string,
  context: ControlContext,
): ControlAnswer {
  let input: unknown = {};
  if (httpMethod === 'POST' && raw.length > 0) {
    try {
      input = JSON.parse(raw);
    } catch {
      return badRequest('invalid_json');
    }
  }
  const body = (input ?? {}) as Record<string, unknown>;
  const route = `${httpMethod} ${path}`;
  switch (route) {
    case 'POST /__control/script': {
      const { method, faults } = body;
      if (typeof method !== 'string' || !Array.isArray(faults) || !faults.every(isFault)) return badRequest('bad_script');
      context.script(method, faults);
      return { status: 200, body: { ok: true } };
    }
    case 'GET /__control/calls': {
      const method = query.get('method');
      return { status: 200, body: { calls: method ? context.calls.filter((c) => c.method === method) : context.calls } };
    }
    case 'GET /__control/messages':
      return { status: 200, body: { messages: context.state.list(query.get('channel') ?? undefined) } };
    case 'POST /__control/messages':
      if (!isSeed(input)) return badRequest('bad_message');
      return { status: 200, body: { ok: true, message: context.state.seed(input) } };
    case 'GET /__control/reactions':
      return { status: 200, body: { reactions: context.state.reactions() } };
    case 'GET /__control/views':
      return { status: 200, body: { views: context.state.views } };
    case 'GET /__control/home':
      return { status: 200, body: { view: context.state.homes.get(query.get('user') ?? '') ?? null } };
    case 'POST /__control/channels':
      if (!isMembership(body.channels)) return badRequest('bad_channels');
      context.state.channels = structuredClone(body.channels);
      return { status: 200, body: { ok: true } };
    case 'POST /__control/users':
      if (typeof body.users !== 'object' || body.users === null || Array.isArray(body.users)) return badRequest('bad_users');
      Object.assign(context.state.users, structuredClone(body.users));
      return { status: 200, body: { ok: true } };
    case 'POST /__control/reset':
      context.reset();
      return { status: 200, body: { ok: true } };
    default:
      return { status: 404, body: { ok: false, error: 'unknown_control_path' } };
  }
}
