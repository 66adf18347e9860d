// The fake OpenAI server's public types: endpoints, scripted steps and faults,
// recorded requests and the handle returned by startFakeOpenAI. Platform-free.

import type { ChatReply } from './chat';
import type { JobScript } from './fine-tuning';

export type Endpoint = 'chat.completions' | 'embeddings' | 'models' | 'files' | 'fine_tuning.jobs' | 'responses.input_tokens';

/** A failure to inject instead of a normal reply. */
export type Fault =
  | { fault: 'status'; status: number; message?: string }
  /** 429 with OpenAI's rate-limit error; `retry-after` is sent when retryAfterSeconds is set. */
  | { fault: 'rate-limit'; retryAfterSeconds?: number }
  /** 429 with OpenAI's `insufficient_quota` error (the account is out of credit). */
  | { fault: 'quota' }
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
  /** Any /v1/files call (upload or retrieve), in order. */
  files: Fault;
  /** Any /v1/fine_tuning/jobs call (create, retrieve or events), in order. */
  'fine_tuning.jobs': Fault;
  /** POST /v1/responses/input_tokens: a fixed count instead of the real o200k count, or a fault. */
  'responses.input_tokens': { inputTokens: number } | Fault;
}

/** A file part of a recorded multipart/form-data body. */
export interface RecordedFilePart {
  filename: string;
  contentType: string | null;
  bytes: number;
  /** The content decoded as UTF-8. */
  text: string;
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
  /** Parsed JSON body; for multipart/form-data, an object of the fields
   * (strings) and files (RecordedFilePart) by part name; the raw text if it
   * was neither; null if empty. */
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
  /** Queues the lifecycles of the next fine-tuning jobs created, one per job, in
   * order; unscripted jobs succeed after two `running` polls. */
  scriptJob(...jobs: JobScript[]): void;
  /** Forgets recorded requests, queued steps and job scripts, uploaded files and jobs. */
  reset(): void;
  close(): Promise<void>;
}
