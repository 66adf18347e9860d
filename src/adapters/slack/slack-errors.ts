import { AppError } from '../../domain/app-error';

/**
 * Slack Web API failures sorted by what to do about them: rate limits,
 * server errors and network failures are worth retrying (the queue does,
 * with backoff); `channel_not_found`, `not_in_channel`, `invalid_auth` and
 * the like will fail the same way again and must be surfaced instead.
 */
export class SlackDeliveryError extends AppError {
  override name = 'SlackDeliveryError';
  constructor(code: string, retryable: boolean) {
    super(code, `Slack API error: ${code}`, { status: 502, retryable });
  }
}

const RETRYABLE_CODES = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** The Slack error code of a WebClient error, and whether it is worth retrying. */
export function classifySlackError(error: unknown): SlackDeliveryError {
  if (error instanceof SlackDeliveryError) return error;
  const failure = error as { code?: string; data?: { error?: string }; statusCode?: number };
  if (failure?.code === 'slack_webapi_platform_error') {
    const code = failure.data?.error ?? 'unknown_error';
    return new SlackDeliveryError(code, RETRYABLE_CODES.has(code));
  }
  if (failure?.code === 'slack_webapi_rate_limited_error') return new SlackDeliveryError('ratelimited', true);
  if (failure?.code === 'slack_webapi_http_error') return new SlackDeliveryError(`http_${failure.statusCode ?? 'error'}`, true);
  // Request errors (network) and anything unknown: retry rather than drop.
  return new SlackDeliveryError('request_failed', true);
}
