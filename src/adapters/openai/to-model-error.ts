import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ModelError } from '../../domain/answer/chat-model';

/** How one failed attempt should be treated. */
export interface Failure {
  code: ModelError['code'];
  /** Could trying again later succeed? */
  retryable: boolean;
  statusCode?: number;
  /** What the server asked us to wait (retry-after-ms or Retry-After), if anything. */
  retryAfterMs?: number;
  /** The server said not to retry now (`x-should-retry: false`), whatever the status. */
  doNotRetryNow?: boolean;
}

export function classify(error: unknown): Failure {
  if (error instanceof ModelError) return withStatus({ code: error.code, retryable: error.retryable }, error.statusCode);
  // Checked before APIError: these subclasses carry no status.
  if (error instanceof APIConnectionTimeoutError) return { code: 'timeout', retryable: true };
  if (error instanceof APIUserAbortError) return { code: 'connection', retryable: false };
  if (error instanceof APIConnectionError) return { code: 'connection', retryable: true };
  if (error instanceof APIError && typeof error.status === 'number') return fromStatus(error);
  // A 200 whose JSON body does not parse (response.json() throws SyntaxError).
  if (error instanceof SyntaxError) return { code: 'malformed_response', retryable: true };
  // Anything else escaped fetch while reading the body (socket closed mid-response).
  return { code: 'connection', retryable: true };
}

function fromStatus(error: APIError): Failure {
  const status = error.status as number;
  const retryAfterMs = retryAfterOf(error.headers);
  const failure = (code: ModelError['code'], retryable: boolean): Failure => ({
    code,
    retryable,
    statusCode: status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(error.headers?.get('x-should-retry') === 'false' ? { doNotRetryNow: true } : {}),
  });
  if (status === 401 || status === 403) return failure('auth', false);
  if (status === 404) return failure('not_found', false);
  if (status === 408) return failure('timeout', true);
  // An exhausted billing quota also answers 429, but waiting does not refill it.
  if (status === 429) return failure('rate_limited', error.code !== 'insufficient_quota');
  // 409 is OpenAI's lock timeout; 5xx are server faults: all worth another try.
  if (status === 409 || status >= 500) return failure('server_error', true);
  return failure('bad_request', false);
}

const withStatus = (failure: Failure, statusCode: number | undefined): Failure =>
  statusCode === undefined ? failure : { ...failure, statusCode };

/**
 * `retry-after-ms` (Azure, OpenAI) wins over `Retry-After`, which is either
 * delta-seconds or an HTTP date. Unparseable values are ignored.
 */
export function retryAfterOf(headers: Headers | undefined, now = Date.now()): number | undefined {
  const millis = headers?.get('retry-after-ms');
  if (millis && Number.isFinite(Number(millis))) return Math.max(0, Number(millis));
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The ModelError for a failure. Its message is built only from the status and
 * the server's machine-readable `code`/`type`/`param` fields: free-text server
 * messages can echo part of the key ("Incorrect API key provided: sk-ab***")
 * or, on some compatible servers, the request body itself (the prompt).
 */
export function toModelError(error: unknown, model: string, attempts: number): ModelError {
  if (error instanceof ModelError) return error;
  const failure = classify(error);
  const details: string[] = [];
  if (failure.statusCode !== undefined) details.push(`HTTP ${failure.statusCode}`);
  if (error instanceof APIError) {
    for (const field of [error.code, error.type, error.param ? `param=${error.param}` : undefined]) {
      if (typeof field === 'string' && /^[\w.:=[\]-]{1,64}$/.test(field)) details.push(field);
    }
  }
  // Says why a rate limit was not waited out here (see MAX_WAIT_MS).
  if (failure.retryAfterMs !== undefined) details.push(`retry after ${Math.ceil(failure.retryAfterMs / 1000)}s`);
  const what = details.length > 0 ? details.join(' ') : failure.code.replaceAll('_', ' ');
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  return new ModelError(`chat completion with model ${model} failed: ${what} (${tries})`, failure.code, failure.retryable, failure.statusCode);
}
