import { Agent, request } from 'node:http';
import { signSlackRequest } from '../../src/adapters/slack/verify-signature';
import { percentile } from './metrics';

export interface LoadOptions {
  /** An http://127.0.0.1 URL; anything else is refused. */
  url: string;
  signingSecret: string;
  concurrency: number;
  durationMs: number;
  maxRequests: number;
  /** A request slower than this is abandoned and counted as an error. */
  timeoutMs?: number;
  /** Every envelope mentions the same message (see appMentionEnvelope). */
  sameMessage?: boolean;
}

export interface LoadFigures {
  requests: number;
  p50_ms: number;
  p99_ms: number;
  /** Acknowledged (HTTP 200) requests per second of wall time. */
  rps: number;
  /** Non-200 answers, network errors and timeouts. */
  errors: number;
  /** Error counts by kind ("401", "ECONNRESET", "timeout"), to say what went wrong. */
  errorKinds: Record<string, number>;
}

let sequence = 0;
/** The message ts every envelope shares with sameMessage. */
const SAME_TS = '1699990000.000100';

/**
 * An Events API envelope shaped like Slack's documented app_mention example
 * (test/fixtures/slack/app-mention.json), with a fresh event_id and message
 * ts each time, as distinct mentions would have. With sameMessage the ts is
 * shared: still a new event to record and queue, but the queue consumer
 * drops all but the first cheaply, which takes its work off this machine's
 * CPU while the acknowledgements are measured.
 */
export function appMentionEnvelope(nowMs: number, sameMessage = false): string {
  sequence += 1;
  const seconds = Math.floor(nowMs / 1000);
  const ts = sameMessage ? SAME_TS : `${seconds}.${String(sequence % 1_000_000).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'XXYYZZ',
    team_id: 'T0001',
    api_app_id: 'A0001',
    event: { type: 'app_mention', user: 'U1001', text: '<@UBOT> how do I reset my VPN password?', ts, channel: 'C1001', event_ts: ts },
    type: 'event_callback',
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event_id: `Ev${process.pid.toString(36).toUpperCase()}${sequence.toString(36).toUpperCase().padStart(8, '0')}`,
    event_time: seconds,
  });
}

/**
 * Closed-loop load: `concurrency` senders, each sending its next request as
 * soon as the previous one is answered, until the duration or the request
 * budget runs out. Latency is from issuing the request (already signed) to
 * the end of the response. Both servers get the same keep-alive agent, one
 * socket per sender, so neither pays for connection set-up per request.
 */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const target = new URL(options.url);
  if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') throw new Error(`refusing to load ${target.origin}: loopback only`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  let issued = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;

  const sender = async () => {
    while (performance.now() < deadline && issued < options.maxRequests) {
      issued += 1;
      const body = appMentionEnvelope(Date.now(), options.sameMessage);
      // The current time: both servers refuse a timestamp over five minutes old.
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = await signSlackRequest(options.signingSecret, timestamp, body);
      const outcome = await send(agent, target, body, { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }, options.timeoutMs ?? 10_000);
      if (outcome.error === undefined) latencies.push(outcome.ms);
      else errorKinds[outcome.error] = (errorKinds[outcome.error] ?? 0) + 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, sender));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  const errors = Object.values(errorKinds).reduce((sum, count) => sum + count, 0);
  return {
    requests: latencies.length + errors,
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    rps: Math.round(latencies.length / seconds),
    errors,
    errorKinds,
  };
}

/** Latency of an acknowledged request, or what went wrong ("503", "ECONNRESET", "timeout"). */
type Outcome = { ms: number; error?: undefined } | { error: string };

function send(agent: Agent, target: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(target, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('response', (response) => {
      // The body is drained so the socket goes back to the pool for the next request.
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200 ? { ms: performance.now() - started } : { error: String(response.statusCode) }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? 'response-error' }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? 'network-error' }));
    req.end(body);
  });
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
