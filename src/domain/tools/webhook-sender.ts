/** One approved webhook action, as the domain asks for it to be sent. */
export interface WebhookRequest {
  url: string;
  /** The tool name, sent as `action` so one receiver can serve several actions. */
  action: string;
  arguments: Record<string, unknown>;
  /** Stable per approved action: the receiver uses it to ignore retries. */
  idempotencyKey: string;
}

export interface WebhookResponse {
  /** The 2xx status the receiver answered with. */
  status: number;
  /** The start of the response body (at most 500 characters), for the success message. */
  body: string;
}

/**
 * Sends a webhook action (signed HTTP POST in production). Resolves only on
 * success; every failure is thrown as an `ActionError` whose `retryable`
 * says whether a later attempt with the same idempotency key may succeed.
 */
export type WebhookSender = (request: WebhookRequest) => Promise<WebhookResponse>;
