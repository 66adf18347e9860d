// A fake Slack Web API for tests: a real node:http server on 127.0.0.1
// (random port) speaking Slack's wire format, so the real @slack/web-api
// WebClient (and Bolt through it) runs unmodified against it: form-encoded
// requests, `{ok: false, error}` with HTTP 200 for API errors, 429 with
// Retry-After for rate limits. Faults are scripted per method, per call.
//
// Type-checking: this file needs Node types (node:http); like fake-openai it
// belongs with the Node-typed test support, not the Workers-typed tests.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLoopbackServer } from '../loopback-server';
import { assistantMethods } from './assistant-methods';
import { chatMethods } from './chat-methods';
import { handleControl } from './control';
import { conversationMethods } from './conversation-methods';
import { decodeBody, redact } from './request-body';
import { fail, type MethodHandler, type SlackReply } from './reply';
import { identityFrom, SlackState } from './state';
import type { ChannelSpec, Fault, FakeSlackOptions, OpenedView, Reaction, RecordedCall, SeedMessage, StoredMessage } from './types';

export type { EphemeralMessage, Fault, FakeSlackOptions, OpenedView, Reaction, RecordedCall, SeedMessage, StoredMessage } from './types';

export interface FakeSlack {
  /** Base URL ending in '/api/', ready for `new WebClient(token, { slackApiUrl })`. */
  url: string;
  /** Every Web API request received, in order (rejected and faulted ones too). */
  readonly calls: RecordedCall[];
  /** The recorded calls of one method. */
  callsTo(method: string): RecordedCall[];
  /** Stored messages of one channel (or all), in the order they were posted. */
  messages(channel?: string): StoredMessage[];
  /** Every reaction currently on a message. */
  readonly reactions: Reaction[];
  /** Views opened with views.open, in order. */
  readonly views: OpenedView[];
  /** The App Home view last published to a user (views.publish), if any. */
  home(user: string): Record<string, unknown> | undefined;
  /** Stores a message posted by someone else, e.g. the question a thread starts from. */
  seedMessage(message: SeedMessage): StoredMessage;
  /** Replaces channel membership (conversations.members, not_in_channel checks). */
  setChannels(channels: Record<string, ChannelSpec>): void;
  /** Queues faults for the next calls of a method, one consumed per call. */
  script(method: string, ...faults: Fault[]): void;
  /** Forgets calls, messages, reactions, views and queued faults; restores channels. */
  reset(): void;
  close(): Promise<void>;
}

const METHODS: Record<string, MethodHandler> = {
  ...chatMethods,
  ...conversationMethods,
  ...assistantMethods,
  // User groups ("subteams"), for staff defined as a group.
  'usergroups.users.list': (body, state) => {
    const group = typeof body.usergroup === 'string' ? state.usergroups[body.usergroup] : undefined;
    return group ? { ok: true, users: [...group] } : { ok: false, error: 'no_such_subteam' };
  },
};

/** Scopes reported in x-oauth-scopes, which WebClient exposes as response_metadata.scopes. */
const SCOPES = 'app_mentions:read,assistant:write,channels:history,channels:read,chat:write,commands,groups:history,groups:read,im:history,reactions:write,users:read';

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const identity = identityFrom(options);
  const state = new SlackState(identity, options.channels, options.usergroups);
  const calls: RecordedCall[] = [];
  const queues = new Map<string, Fault[]>();
  const timers = new Set<NodeJS.Timeout>();

  const script = (method: string, faults: Fault[]) => queues.set(method, [...(queues.get(method) ?? []), ...faults]);
  const reset = () => {
    calls.length = 0;
    queues.clear();
    state.reset();
  };

  function send(res: ServerResponse, call: RecordedCall | undefined, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (call) {
      call.status = status;
      call.response = body;
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-oauth-scopes': SCOPES, ...headers });
    res.end(JSON.stringify(body));
  }

  /** The method's answer, or Slack's error for what is wrong with the request. */
  function answer(method: string, decoded: ReturnType<typeof decodeBody>, headerToken: string | undefined): SlackReply {
    if (decoded.error !== undefined) return fail(decoded.error);
    const handler = METHODS[method];
    if (!handler) return fail('unknown_method');
    const token = headerToken ?? decoded.bodyToken;
    if (token === undefined) return fail('not_authed');
    if (token !== identity.botToken) return fail('invalid_auth');
    return handler(decoded.body, state);
  }

  function handleApi(req: IncomingMessage, res: ServerResponse, method: string, url: URL, raw: string) {
    const decoded = decodeBody(req.headers['content-type'], raw, url.searchParams);
    const header = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const headerToken = header?.[1];
    const token = headerToken ?? decoded.bodyToken;
    const call: RecordedCall = { method, contentType: decoded.contentType, body: redact(decoded.body), authorized: token === identity.botToken };
    calls.push(call);

    const respond = () => send(res, call, 200, answer(method, decoded, headerToken));
    const fault = queues.get(method)?.shift();
    if (!fault) return respond();
    switch (fault.fault) {
      case 'rate-limited':
        return send(res, call, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfterSeconds) });
      case 'error':
        return send(res, call, 200, { ok: false, error: fault.error });
      case 'status':
        // An edge failure, not an API answer: no JSON, as a load balancer would send.
        call.status = fault.status;
        res.writeHead(fault.status, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end(`fake slack: HTTP ${fault.status}`);
      case 'lost-response': {
        const answered = answer(method, decoded, headerToken);
        call.status = fault.status;
        call.response = answered;
        res.writeHead(fault.status, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end(`fake slack: HTTP ${fault.status}`);
      }
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) respond();
        }, fault.ms);
        timers.add(timer);
        // The client gave up (its own timeout): nothing left to answer.
        res.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://fake-slack');
    const httpMethod = req.method ?? 'GET';
    if (url.pathname.startsWith('/__control/')) {
      const control = handleControl(httpMethod, url.pathname, url.searchParams, raw, { state, calls, script, reset });
      return send(res, undefined, control.status, control.body);
    }
    const match = /^\/api\/([A-Za-z][A-Za-z0-9.]*)$/.exec(url.pathname);
    if (!match || (httpMethod !== 'POST' && httpMethod !== 'GET')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end(`fake slack: no route for ${httpMethod} ${url.pathname}`);
    }
    handleApi(req, res, match[1]!, url, raw);
  }

  const server = await startLoopbackServer(
    (req, res, body) => handle(req, res, body.toString('utf8')),
    // A bug in the fake should fail the test loudly, not hang it.
    (res, error) => send(res, undefined, 500, { ok: false, error: `fake_slack_crashed: ${String(error)}` }),
    () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  );
  const { port } = server;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    messages: (channel) => state.list(channel),
    get reactions() {
      return state.reactions();
    },
    get views() {
      return [...state.views];
    },
    home: (user) => state.homes.get(user),
    seedMessage: (message) => state.seed(message),
    setChannels(channels) {
      state.channels = structuredClone(channels);
    },
    script: (method, ...faults) => script(method, faults),
    reset,
    close: () => server.close(),
  };
}
