// A fake OpenAI-compatible HTTP server for tests: a real node:http server on
// 127.0.0.1 (random port) speaking OpenAI's documented wire format, so the real
// `openai` SDK (retries, timeouts, SSE parsing, base64 decoding) runs unmodified
// against it. Replies and faults are scripted per endpoint, per call.
//
// Type-checking: this file needs Node types (node:http), but tsconfig.json
// checks test/ with Workers types only, so test/support/fake-openai must stay
// excluded there and included in tsconfig.node.json instead.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ChatReply, type ChatRequest, chatChunks, chatCompletion } from './chat';
import { DEFAULT_DIMENSIONS, type EncodingFormat, embeddingsResponse } from './embeddings';
import {
  apiError as err,
  INVALID_API_KEY,
  INVALID_JSON_BODY,
  MISSING_API_KEY,
  type OpenAIErrorBody,
  rateLimited,
  statusError,
} from './errors';

export type { ChatReply } from './chat';
export { contentWords, embed } from './embeddings';

export type Endpoint = 'chat.completions' | 'embeddings' | 'models';

/** A failure to inject instead of a normal reply. */
export type Fault =
  | { fault: 'status'; status: number; message?: string }
  /** 429 with OpenAI's rate-limit error; `retry-after` is sent when retryAfterSeconds is set. */
  | { fault: 'rate-limit'; retryAfterSeconds?: number }
  /** Holds the response for delayMs, then answers with the endpoint's unscripted
   * default (if the client is still there). */
  | { fault: 'timeout'; delayMs: number }
  | { fault: 'malformed-json' }
  /** Sends part of the response (SSE chunks when the request streams, else part
   * of a JSON body), then destroys the socket. */
  | { fault: 'truncated-stream' }
  | { fault: 'unauthorized' };

/** Replaces the computed vectors of one embeddings call (index i → input i). */
export interface EmbeddingsReply {
  embeddings: number[][];
}

export interface ScriptStep {
  'chat.completions': ChatReply | Fault;
  embeddings: EmbeddingsReply | Fault;
  models: Fault;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. '/v1/embeddings'. */
  path: string;
  /** Lower-cased names; credentials (authorization, api-key) redacted. */
  headers: Record<string, string>;
  /** The Authorization header equals `Bearer <options.apiKey>`; without an
   * apiKey option, any non-empty Bearer token counts. */
  authorized: boolean;
  /** Parsed JSON body; the raw text if it was not JSON; null if empty. */
  body: unknown;
}

export interface FakeOpenAIOptions {
  /** When set, requests lacking `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
  /** The one model listed by GET /v1/models. */
  model?: string;
  /** Serve the /__control/ scripting endpoints (for tests running in workerd). */
  control?: boolean;
}

export interface FakeOpenAI {
  /** Base URL ending in /v1, ready for `new OpenAI({ baseURL })`. */
  url: string;
  /** Every request received, in order (including rejected and faulted ones). */
  readonly requests: RecordedRequest[];
  /** Queues replies or faults for the next calls of an endpoint, consumed in order. */
  script<E extends Endpoint>(endpoint: E, ...steps: ScriptStep[E][]): void;
  /** Forgets recorded requests and queued steps. */
  reset(): void;
  close(): Promise<void>;
}

const ROUTES: Record<string, Endpoint> = {
  'POST /v1/chat/completions': 'chat.completions',
  'POST /v1/embeddings': 'embeddings',
  'GET /v1/models': 'models',
};

const isFault = (step: unknown): step is Fault => typeof step === 'object' && step !== null && 'fault' in step;

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const model = options.model ?? 'fake-model';
  const requests: RecordedRequest[] = [];
  const queues: { [E in Endpoint]: ScriptStep[E][] } = { 'chat.completions': [], embeddings: [], models: [] };
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}${++counter}`;

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': nextId('req_fake_'), ...headers });
    res.end(JSON.stringify(body));
  }
  const sendError = (res: ServerResponse, status: number, error: OpenAIErrorBody, headers?: Record<string, string>) =>
    send(res, status, { error }, headers);

  function startSSE(res: ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': nextId('req_fake_') });
  }
  const sse = (data: unknown) => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

  function record(req: IncomingMessage, path: string, raw: string): RecordedRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const auth = headers.authorization;
    const authorized = options.apiKey !== undefined ? auth === `Bearer ${options.apiKey}` : /^Bearer \S+/.test(auth ?? '');
    if (auth !== undefined) headers.authorization = auth.startsWith('Bearer ') ? 'Bearer ***' : '***';
    if (headers['api-key'] !== undefined) headers['api-key'] = '***';
    let body: unknown = null;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const entry = { method: req.method ?? 'GET', path, headers, authorized, body };
    requests.push(entry);
    return entry;
  }

  function fault(step: Fault, endpoint: Endpoint, body: Record<string, unknown>, res: ServerResponse) {
    const streaming = endpoint === 'chat.completions' && body.stream === true;
    switch (step.fault) {
      case 'status':
        return sendError(res, step.status, statusError(step.status, step.message));
      case 'rate-limit': {
        const headers: Record<string, string> =
          step.retryAfterSeconds !== undefined ? { 'retry-after': String(step.retryAfterSeconds) } : {};
        return sendError(res, 429, rateLimited(model, step.retryAfterSeconds), headers);
      }
      case 'unauthorized':
        return sendError(res, 401, INVALID_API_KEY);
      case 'malformed-json':
        if (streaming) {
          startSSE(res);
          return res.end(sse('{"id": "chatcmpl-broken", "choices": [') + sse('[DONE]'));
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"id": "broken", "object": "list", "data": [ this is not json');
      case 'truncated-stream': {
        // No content-length: the body is chunked, so destroying the socket before
        // the terminating chunk is detectable as a truncation by the client.
        let partial: string;
        if (streaming) {
          startSSE(res);
          const chunks = chatChunks({}, body as unknown as ChatRequest, nextId('chatcmpl-fake-'), () => nextId('call_fake_'));
          partial = chunks.slice(0, 2).map(sse).join('');
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          partial = '{"object": "list", "data": [';
        }
        res.write(partial, () => res.destroy());
        return;
      }
      case 'timeout': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) reply(endpoint, undefined, body, res);
        }, step.delayMs);
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

  function reply(endpoint: Endpoint, step: ScriptStep[Endpoint] | undefined, body: Record<string, unknown>, res: ServerResponse) {
    if (endpoint === 'models') {
      return send(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 1700000000, owned_by: 'countersign-fake' }] });
    }
    if (typeof body.model !== 'string' || body.model.length === 0) {
      return sendError(res, 400, err('you must provide a model parameter', 'invalid_request_error'));
    }
    if (endpoint === 'embeddings') return replyEmbeddings(step as EmbeddingsReply | undefined, body, res);

    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      const message = "Missing required parameter: 'messages'.";
      return sendError(res, 400, err(message, 'invalid_request_error', 'missing_required_parameter', 'messages'));
    }
    const request = body as unknown as ChatRequest;
    const chatReply = (step as ChatReply | undefined) ?? {};
    const id = nextId('chatcmpl-fake-');
    const callId = () => nextId('call_fake_');
    if (request.stream !== true) return send(res, 200, chatCompletion(chatReply, request, id, callId));
    startSSE(res);
    res.end(chatChunks(chatReply, request, id, callId).map(sse).join('') + sse('[DONE]'));
  }

  function replyEmbeddings(step: EmbeddingsReply | undefined, body: Record<string, unknown>, res: ServerResponse) {
    const input = body.input;
    const inputs = typeof input === 'string' ? [input] : input;
    // Token-array inputs are valid for OpenAI but have no meaning for a fake
    // without a tokenizer; reject them loudly rather than embed nonsense.
    if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((s) => typeof s === 'string' && s.length > 0)) {
      const message = "'$.input' is invalid. The fake accepts a non-empty string or a non-empty array of non-empty strings.";
      return sendError(res, 400, err(message, 'invalid_request_error', null, 'input'));
    }
    const dimensions = body.dimensions ?? DEFAULT_DIMENSIONS;
    if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) {
      return sendError(res, 400, err(`Invalid 'dimensions': ${String(dimensions)}.`, 'invalid_request_error', null, 'dimensions'));
    }
    const format = body.encoding_format ?? 'float';
    if (format !== 'float' && format !== 'base64') {
      return sendError(res, 400, err(`Invalid 'encoding_format': ${String(format)}.`, 'invalid_request_error', null, 'encoding_format'));
    }
    const encoding: EncodingFormat = format;
    send(res, 200, embeddingsResponse(inputs as string[], body.model as string, dimensions, encoding, step?.embeddings));
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (options.control && path.startsWith('/__control/')) return control(req.method ?? 'GET', path, raw, res);
    const entry = record(req, path, raw);
    const endpoint = ROUTES[`${entry.method} ${path}`];
    if (!endpoint) return sendError(res, 404, err(`Invalid URL (${entry.method} ${path})`, 'invalid_request_error'));

    if (options.apiKey !== undefined && !entry.authorized) {
      return sendError(res, 401, entry.headers.authorization === undefined ? MISSING_API_KEY : INVALID_API_KEY);
    }
    if (typeof entry.body === 'string') return sendError(res, 400, INVALID_JSON_BODY);
    const body = (entry.body ?? {}) as Record<string, unknown>;
    if (endpoint !== 'models' && (typeof entry.body !== 'object' || entry.body === null || Array.isArray(entry.body))) {
      return sendError(res, 400, err('The request body must be a JSON object.', 'invalid_request_error'));
    }
    const step = queues[endpoint].shift();
    if (isFault(step)) return fault(step, endpoint, body, res);
    reply(endpoint, step, body, res);
  }

  /**
   * Scripting over HTTP, for tests that run inside workerd and cannot call
   * script() in this process: POST /__control/script {endpoint, steps},
   * GET /__control/requests, POST /__control/reset.
   */
  function control(method: string, path: string, raw: string, res: ServerResponse) {
    if (method === 'POST' && path === '/__control/script') {
      const { endpoint, steps } = JSON.parse(raw) as { endpoint: Endpoint; steps: ScriptStep[Endpoint][] };
      if (!(endpoint in queues) || !Array.isArray(steps)) return sendError(res, 400, err('bad script', 'invalid_request_error'));
      queues[endpoint].push(...(steps as never[]));
      return send(res, 200, { queued: queues[endpoint].length });
    }
    if (method === 'GET' && path === '/__control/requests') return send(res, 200, { requests });
    if (method === 'POST' && path === '/__control/reset') {
      requests.length = 0;
      for (const queue of Object.values(queues)) queue.length = 0;
      return send(res, 200, { reset: true });
    }
    return sendError(res, 404, err(`Unknown control path ${path}`, 'invalid_request_error'));
  }

  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(parts).toString('utf8'));
      } catch (error) {
        // A bug in the fake should fail the test loudly, not hang it.
        if (!res.headersSent) sendError(res, 500, err(`Fake OpenAI crashed: ${String(error)}`, 'server_error'));
        else res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script(endpoint, ...steps) {
      queues[endpoint].push(...steps);
    },
    reset() {
      requests.length = 0;
      for (const queue of Object.values(queues)) queue.length = 0;
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets and held ('timeout') responses would otherwise keep
        // close() waiting.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
