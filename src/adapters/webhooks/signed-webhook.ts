import { hmacKey, hmacSign, toHex } from '../../domain/crypto/hmac';
import { ActionError } from '../../domain/tools/action-error';
import type { WebhookRequest, WebhookResponse, WebhookSender } from '../../domain/tools/webhook-sender';

export interface SignedWebhookOptions {
  /** Shared with every receiver; they recompute the signature to trust the request. */
  secret: string;
  /** The HTTP client (the Worker's global `fetch`, or a test double). */
  fetch: typeof fetch;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** Give up (retryably) after this long; default 10 000 ms. */
  timeoutMs?: number;
}

const SUCCESS_BODY_LENGTH = 500;
const ERROR_BODY_LENGTH = 200;

/**
 * Sends webhook actions as signed JSON POSTs. The signature covers the
 * timestamp and the exact body bytes, so a receiver can reject tampered or
 * replayed requests (check the timestamp is recent, compare in constant
 * time); the Idempotency-Key header lets it ignore our retries.
 */
export function createSignedWebhookSender(options: SignedWebhookOptions): WebhookSender {
  if (options.secret.length < 16) throw new Error('The webhook signing secret must be at least 16 characters');
  const { secret, timeoutMs = 10_000 } = options;
  // Called without a receiver: the Workers runtime rejects `fetch` invoked as a method of another object.
  const send = options.fetch;
  const now = options.now ?? Date.now;
  const key = hmacKey(secret);
  const redact = (text: string) => text.split(secret).join('[redacted]');

  return async (request: WebhookRequest): Promise<WebhookResponse> => {
    const body = JSON.stringify({ action: request.action, arguments: request.arguments, idempotencyKey: request.idempotencyKey });
    const timestamp = String(Math.floor(now() / 1000));
    const signature = await hmacHex(await key, `v1:${timestamp}:${body}`);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const failure = (message: string, code: ActionError['code'], retryable: boolean, status?: number) =>
      new ActionError(redact(`Webhook ${request.action} ${message}`), code, retryable, status);

    try {
      let response: Response;
      try {
        response = await send(request.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Idempotency-Key': request.idempotencyKey,
            'X-Countersign-Timestamp': timestamp,
            'X-Countersign-Signature': `v1=${signature}`,
          },
          body,
          // A redirect would resend (or drop) a signed POST somewhere we did not configure.
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (error) {
        if (timedOut) throw failure(`timed out after ${timeoutMs} ms`, 'timeout', true);
        throw failure(`could not be reached (${error instanceof Error ? error.name : 'network error'})`, 'connection', true);
      }
      let text: string;
      try {
        text = await response.text();
      } catch {
        if (timedOut) throw failure(`timed out after ${timeoutMs} ms`, 'timeout', true);
        throw failure('response could not be read', 'connection', true);
      }
      const status = response.status;
      if (status >= 200 && status < 300) return { status, body: redact(text.slice(0, SUCCESS_BODY_LENGTH)) };
      const detail = text.trim() ? `: ${text.trim().slice(0, ERROR_BODY_LENGTH)}` : '';
      if (status >= 500) throw failure(`failed with HTTP ${status}${detail}`, 'server_error', true, status);
      // Timeouts and rate limits are 4xx, but waiting is exactly what fixes them.
      if (status === 408 || status === 429) throw failure(`was refused for now with HTTP ${status}${detail}`, 'rejected', true, status);
      if (status >= 400) throw failure(`was rejected with HTTP ${status}${detail}`, 'rejected', false, status);
      throw failure(`got an unexpected HTTP ${status}`, 'unexpected_response', false, status);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Lower-case hex HMAC-SHA256, as receivers compute it with any standard library. */
async function hmacHex(key: CryptoKey, message: string): Promise<string> {
  return toHex(await hmacSign(key, message));
}
