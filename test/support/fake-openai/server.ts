// A fake OpenAI-compatible HTTP server for tests: a real node:http server on
// 127.0.0.1 (random port) speaking OpenAI's documented wire format, so the real
// `openai` SDK (retries, timeouts, SSE parsing, base64 decoding) runs unmodified
// against it. Replies and faults are scripted per endpoint, per call.
//
// Type-checking: this file needs Node types (node:http), but tsconfig.json
// checks test/ with Workers types only, so test/support/fake-openai must stay
// excluded there and included in tsconfig.node.json instead.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLoopbackServer } from '../loopback-server';
import { type ChatReply, type ChatRequest, chatChunks, chatCompletion } from './chat';
import { DEFAULT_DIMENSIONS, type EncodingFormat, embeddingsResponse } from './embeddings';
import {
  apiError as err,
  INSUFFICIENT_QUOTA,
  INVALID_API_KEY,
  INVALID_JSON_BODY,
  MISSING_API_KEY,
  type OpenAIErrorBody,
  rateLimited,
  statusError,
} from './errors';
import { createFineTuning, type JobScript, jobScriptProblem } from './fine-tuning';
import { inputTokensResponse } from './input-tokens';
import { boundaryOf, type ParsedForm, parseMultipart } from './multipart';
import { recordedBody, redactHeaders } from './recording';
import type { EmbeddingsReply, Endpoint, FakeOpenAI, FakeOpenAIOptions, Fault, RecordedRequest, ScriptStep } from './types';

export type { ChatReply } from './chat';
export { contentWords, embed } from './embeddings';
export type { JobScript } from './fine-tuning';
export type * from './types';

/** Request details beyond the JSON body that some endpoints need. */
interface Context {
  method: string;
  path: string;
  query: URLSearchParams;
  form: ParsedForm | null;
}

const ROUTES: Record<string, Endpoint> = {
  'POST /v1/chat/completions': 'chat.completions',
  'POST /v1/embeddings': 'embeddings',
  'GET /v1/models': 'models',
  'POST /v1/responses/input_tokens': 'responses.input_tokens',
};

/** Files and fine-tuning paths carry ids; fine-tuning.ts routes within them. */
const routeOf = (method: string, path: string): Endpoint | undefined =>
  ROUTES[`${method} ${path}`] ??
  (/^\/v1\/files(\/|$)/.test(path) ? 'files' : /^\/v1\/fine_tuning\/jobs(\/|$)/.test(path) ? 'fine_tuning.jobs' : undefined);

const isFault = (step: unknown): step is Fault => typeof step === 'object' && step !== null && 'fault' in step;

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const model = options.model ?? 'fake-model';
  const requests: RecordedRequest[] = [];
  const queues: { [E in Endpoint]: ScriptStep[E][] } = { 'chat.completions': [], embeddings: [], models: [], files: [], 'fine_tuning.jobs': [], 'responses.input_tokens': [] };
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}${++counter}`;
  const fineTuning = createFineTuning();

  function reset() {
    requests.length = 0;
    for (const queue of Object.values(queues)) queue.length = 0;
    fineTuning.reset();
  }

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

  function record(req: IncomingMessage, path: string, raw: string, form: ParsedForm | null): RecordedRequest {
    const { headers, authorized } = redactHeaders(req.headers, options.apiKey);
    const entry = { method: req.method ?? 'GET', path, headers, authorized, body: recordedBody(raw, form) };
    requests.push(entry);
    return entry;
  }

  function fault(step: Fault, endpoint: Endpoint, body: Record<string, unknown>, res: ServerResponse, context: Context) {
    const streaming = endpoint === 'chat.completions' && body.stream === true;
    switch (step.fault) {
      case 'status':
        return sendError(res, step.status, statusError(step.status, step.message));
      case 'rate-limit': {
        const headers: Record<string, string> =
          step.retryAfterSeconds !== undefined ? { 'retry-after': String(step.retryAfterSeconds) } : {};
        return sendError(res, 429, rateLimited(model, step.retryAfterSeconds), headers);
      }
      case 'quota':
        return sendError(res, 429, INSUFFICIENT_QUOTA);
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
          if (!res.destroyed) reply(endpoint, undefined, body, res, context);
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

  function reply(endpoint: Endpoint, step: ScriptStep[Endpoint] | undefined, body: Record<string, unknown>, res: ServerResponse, context: Context) {
    if (endpoint === 'files' || endpoint === 'fine_tuning.jobs') {
      const answer = fineTuning.handle(context.method, context.path, context.query, body, context.form);
      if (!answer) return sendError(res, 404, err(`Invalid URL (${context.method} ${context.path})`, 'invalid_request_error'));
      return send(res, answer.status, answer.body);
    }
    if (endpoint === 'models') {
      return send(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 1700000000, owned_by: 'countersign-fake' }] });
    }
    if (typeof body.model !== 'string' || body.model.length === 0) {
      return sendError(res, 400, err('you must provide a model parameter', 'invalid_request_error'));
    }
    if (endpoint === 'embeddings') return replyEmbeddings(step as EmbeddingsReply | undefined, body, res);
    if (endpoint === 'responses.input_tokens') return replyInputTokens(step as { inputTokens: number } | undefined, body, res);

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

  function replyInputTokens(step: { inputTokens: number } | undefined, body: Record<string, unknown>, res: ServerResponse) {
    if (step) return send(res, 200, { object: 'response.input_tokens', input_tokens: step.inputTokens });
    inputTokensResponse(body.input).then(
      (counted) => (counted ? send(res, 200, counted) : sendError(res, 400, err("'$.input' is invalid: text messages only.", 'invalid_request_error', null, 'input'))),
      () => sendError(res, 500, err('The fake could not count tokens.', 'server_error')),
    );
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

  function handle(req: IncomingMessage, res: ServerResponse, bytes: Buffer) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const raw = bytes.toString('utf8');
    if (options.control && path.startsWith('/__control/')) return control(req.method ?? 'GET', path, raw, res);
    const boundary = boundaryOf(req.headers['content-type']);
    let form: ParsedForm | null = null;
    let formError: string | null = null;
    try {
      form = boundary ? parseMultipart(bytes, boundary) : null;
    } catch (error) {
      formError = `Could not parse the multipart form: ${(error as Error).message}.`;
    }
    const entry = record(req, path, raw, form);
    const endpoint = routeOf(entry.method, path);
    if (!endpoint) return sendError(res, 404, err(`Invalid URL (${entry.method} ${path})`, 'invalid_request_error'));

    if (options.apiKey !== undefined && !entry.authorized) {
      return sendError(res, 401, entry.headers.authorization === undefined ? MISSING_API_KEY : INVALID_API_KEY);
    }
    if (formError) return sendError(res, 400, err(formError, 'invalid_request_error'));
    if (typeof entry.body === 'string') return sendError(res, 400, INVALID_JSON_BODY);
    const body = (entry.body ?? {}) as Record<string, unknown>;
    const needsObject = entry.method === 'POST' && endpoint !== 'models';
    if (needsObject && (typeof entry.body !== 'object' || entry.body === null || Array.isArray(entry.body))) {
      return sendError(res, 400, err('The request body must be a JSON object.', 'invalid_request_error'));
    }
    const context: Context = { method: entry.method, path, query: url.searchParams, form };
    const step = queues[endpoint].shift();
    if (isFault(step)) return fault(step, endpoint, body, res, context);
    reply(endpoint, step, body, res, context);
  }

  /**
   * Scripting over HTTP, for tests that run inside workerd and cannot call
   * script() in this process: POST /__control/script {endpoint, steps},
   * POST /__control/job {outcome, steps?, error?} (as scriptJob), GET
   * /__control/requests, POST /__control/reset.
   */
  function control(method: string, path: string, raw: string, res: ServerResponse) {
    if (method === 'POST' && path === '/__control/script') {
      const { endpoint, steps } = JSON.parse(raw) as { endpoint: Endpoint; steps: ScriptStep[Endpoint][] };
      if (!(endpoint in queues) || !Array.isArray(steps)) return sendError(res, 400, err('bad script', 'invalid_request_error'));
      queues[endpoint].push(...(steps as never[]));
      return send(res, 200, { queued: queues[endpoint].length });
    }
    if (method === 'POST' && path === '/__control/job') {
      const script = JSON.parse(raw) as unknown;
      const problem = jobScriptProblem(script);
      if (problem) return sendError(res, 400, err(`bad job script: ${problem}`, 'invalid_request_error'));
      return send(res, 200, { queued: fineTuning.script(script as JobScript) });
    }
    if (method === 'GET' && path === '/__control/requests') return send(res, 200, { requests });
    if (method === 'POST' && path === '/__control/reset') {
      reset();
      return send(res, 200, { reset: true });
    }
    return sendError(res, 404, err(`Unknown control path ${path}`, 'invalid_request_error'));
  }

  const server = await startLoopbackServer(
    (req, res, body) => handle(req, res, body),
    // A bug in the fake should fail the test loudly, not hang it.
    (res, error) => sendError(res, 500, err(`Fake OpenAI crashed: ${String(error)}`, 'server_error')),
    () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  );
  const { port } = server;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script(endpoint, ...steps) {
      queues[endpoint].push(...steps);
    },
    scriptJob(...jobs) {
      fineTuning.script(...jobs);
    },
    reset,
    close: () => server.close(),
  };
}
