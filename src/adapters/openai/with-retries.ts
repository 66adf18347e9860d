import { classify } from './to-model-error';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  sleep: (ms: number) => Promise<void>;
  /** Longest single wait. A server asking for more is not retried here: the queue retries later. */
  maxWaitMs: number;
  /** First backoff step; doubles per retry up to maxBackoffMs. */
  baseDelayMs: number;
  maxBackoffMs: number;
  random: () => number;
}

/** The last error of a call that will not be retried here, and how many attempts were made. */
export class AttemptsFailed extends Error {
  override name = 'AttemptsFailed';
  constructor(
    readonly error: unknown,
    readonly attempts: number,
  ) {
    super('chat completion attempts failed');
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds or fails in a way waiting cannot fix. Waits
 * exactly what the server asked for (Retry-After) when it says, else
 * exponential backoff with jitter so that many isolates retrying after the
 * same outage do not arrive together.
 */
export async function withRetries<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = classify(error);
      // Malformed bodies are left to the caller: a server that sent one broken
      // body will likely send another, and the queue retries later anyway.
      const retryHere = failure.retryable && failure.code !== 'malformed_response' && !failure.doNotRetryNow;
      if (!retryHere || attempt > policy.maxRetries) throw new AttemptsFailed(error, attempt);
      const wait = failure.retryAfterMs ?? backoff(attempt, policy);
      if (wait > policy.maxWaitMs) throw new AttemptsFailed(error, attempt);
      await policy.sleep(wait);
    }
  }
}

function backoff(attempt: number, policy: RetryPolicy): number {
  const step = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxBackoffMs);
  // "Equal jitter": at least half the step, so retries never bunch up at zero.
  return Math.round(step / 2 + policy.random() * (step / 2));
}
