import { Agent, request } from 'node:http';
import { percentile } from './metrics';
import type { SignedRequest } from './signed-events';

export interface LoadOptions {
  /** An http://127.0.0.1 URL; anything else is refused. */
  url: string;
  /** Signed before the measurement (signedAppMentions); each is sent at most once, in order. */
  requests: SignedRequest[];
  concurrency: number;
  durationMs: number;
  /** A request slower than this is abandoned and counted as an error. */
  timeoutMs?: number;
}

export interface LoadFigures {
  requests: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  /** Acknowledged (HTTP 200) requests per second of wall time. */
  rps: number;
  /** Non-200 answers, network errors and timeouts. */
  errors: number;
  /** Error counts by kind ("401", "ECONNRESET", "timeout"), to say what went wrong. */
  errorKinds: Record<string, number>;
}

/** The raw outcome of one run, to be pooled with others (loadFigures). */
export interface LoadSample {
  /** Latencies of the acknowledged (HTTP 200) requests, in milliseconds. */
  latencies: number[];
  errorKinds: Record<string, number>;
  seconds: number;
}

/**
 * Closed-loop load: `concurrency` senders, each sending its next request as
 * soon as the previous one is answered, until the duration or the requests
 * run out. Latency is from issuing the request (built and signed beforehand,
 * so the client does no JSON or crypto work while measuring) to the end of
 * the response. Every target gets the same client: a keep-alive agent with
 * one socket per sender, so nobody pays for connection set-up per request.
 * Each sender's first request opens its connection and is not timed (an
 * error on it still counts); the clock starts after those.
 */
export async function runLoad(options: LoadOptions): Promise<LoadSample> {
  const target = new URL(options.url);
  if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') throw new Error(`refusing to load ${target.origin}: loopback only`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const countError = (kind: string) => {
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  let issued = 0;
  const take = () => (issued < options.requests.length ? options.requests[issued++]! : undefined);
  try {
    const opening = await Promise.all(Array.from({ length: options.concurrency }, () => take()).filter((next) => next !== undefined).map((next) => send(agent, target, next, timeoutMs)));
    for (const outcome of opening) if (outcome.error !== undefined) countError(outcome.error);
    const started = performance.now();
    const deadline = started + options.durationMs;
    const sender = async () => {
      for (let next = take(); next !== undefined && performance.now() < deadline; next = take()) {
        const outcome = await send(agent, target, next, timeoutMs);
        if (outcome.error === undefined) latencies.push(outcome.ms);
        else countError(outcome.error);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, sender));
    return { latencies, errorKinds, seconds: (performance.now() - started) / 1000 };
  } finally {
    agent.destroy();
  }
}

/** The figures of one or more runs against the same target, pooled. */
export function loadFigures(samples: LoadSample[]): LoadFigures {
  const latencies = samples.flatMap((sample) => sample.latencies);
  const errorKinds: Record<string, number> = {};
  for (const sample of samples) for (const [kind, count] of Object.entries(sample.errorKinds)) errorKinds[kind] = (errorKinds[kind] ?? 0) + count;
  const errors = Object.values(errorKinds).reduce((sum, count) => sum + count, 0);
  const seconds = samples.reduce((sum, sample) => sum + sample.seconds, 0);
  return {
    requests: latencies.length + errors,
    p50_ms: round(percentile(latencies, 50)),
    p90_ms: round(percentile(latencies, 90)),
    p99_ms: round(percentile(latencies, 99)),
    p999_ms: round(percentile(latencies, 99.9)),
    max_ms: round(percentile(latencies, 100)),
    rps: seconds > 0 ? Math.round(latencies.length / seconds) : 0,
    errors,
    errorKinds,
  };
}

/** Latency of an acknowledged request, or what went wrong ("503", "ECONNRESET", "timeout"). */
type Outcome = { ms: number; error?: undefined } | { error: string };

function send(agent: Agent, target: URL, signed: SignedRequest, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(target, { method: 'POST', agent, headers: signed.headers });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('response', (response) => {
      // The body is drained so the socket goes back to the pool for the next request.
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200 ? { ms: performance.now() - started } : { error: String(response.statusCode) }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? 'response-error' }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? 'network-error' }));
    req.end(signed.body);
  });
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
