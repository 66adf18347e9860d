import { createHmac } from 'node:crypto';

/** A request ready to send: the raw body and the headers Slack would send with it. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * Slack's request signature (`v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`),
 * computed synchronously with node:crypto so that making thousands of them
 * before a measurement is quick. The same result as signSlackRequest in
 * src/adapters/slack/verify-signature.ts (a unit test holds them together).
 */
export function signBody(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
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
 * `count` distinct app_mention deliveries, signed with one timestamp (now),
 * built before a measurement so the load generator does no JSON or crypto
 * work while latencies are being taken. Both servers refuse a timestamp more
 * than five minutes old, which is why a measured level is limited in length
 * (see MAX_SIGNED_AGE_SECONDS).
 */
export function signedAppMentions(count: number, options: { signingSecret: string; nowMs: number; sameMessage?: boolean }): SignedRequest[] {
  const timestamp = Math.floor(options.nowMs / 1000);
  const requests: SignedRequest[] = [];
  for (let index = 0; index < count; index++) {
    const body = appMentionEnvelope(options.nowMs, options.sameMessage);
    requests.push({
      body,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signBody(options.signingSecret, timestamp, body),
      },
    });
  }
  return requests;
}

/**
 * How long pre-signed requests stay acceptable: Slack's replay window is
 * five minutes; a minute is kept back for building them, warm-up and clock
 * rounding.
 */
export const MAX_SIGNED_AGE_SECONDS = 4 * 60;
