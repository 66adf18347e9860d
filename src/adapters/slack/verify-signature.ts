import { fromHex, hmacKey, hmacSign, hmacVerify, toHex } from '../../domain/crypto/hmac';

/**
 * Slack request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the signing secret,
 * compared in constant time, and refused when the timestamp is more than
 * five minutes from now (a replayed request).
 */
export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'invalid';

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

const encoder = new TextEncoder();
export async function verifySlackSignature(request: {
  signingSecret: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  body: Uint8Array;
  nowSeconds: number;
}): Promise<SignatureCheck> {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp)) return 'invalid';
  if (Math.abs(request.nowSeconds - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return 'stale';
  const match = /^v0=([0-9a-f]{64})$/.exec(signature);
  if (!match) return 'invalid';

  const prefix = encoder.encode(`v0:${timestamp}:`);
  const message = new Uint8Array(prefix.length + request.body.length);
  message.set(prefix);
  message.set(request.body, prefix.length);
  return (await hmacVerify(await hmacKey(request.signingSecret), fromHex(match[1]!), message)) ? 'ok' : 'invalid';
}

/** Signs a body as Slack would: for tests and the benchmark. */
export async function signSlackRequest(signingSecret: string, timestamp: number, body: string): Promise<string> {
  return `v0=${toHex(await hmacSign(await hmacKey(signingSecret), `v0:${timestamp}:${body}`))}`;
}
