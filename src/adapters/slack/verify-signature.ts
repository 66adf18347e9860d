/**
 * Slack request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the signing secret,
 * compared in constant time, and refused when the timestamp is more than
 * five minutes from now (a replayed request).
 */
export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'invalid';

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

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
  const expected = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(request.signingSecret), message));
  const given = hexToBytes(match[1]!);
  // Constant time: every byte is compared, whatever the first difference.
  let difference = expected.length ^ given.length;
  for (let index = 0; index < expected.length; index++) difference |= expected[index]! ^ (given[index] ?? 0);
  return difference === 0 ? 'ok' : 'invalid';
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

/** Signs a body as Slack would: for tests and the benchmark. */
export async function signSlackRequest(signingSecret: string, timestamp: number, body: string): Promise<string> {
  const digest = await crypto.subtle.sign('HMAC', await hmacKey(signingSecret), encoder.encode(`v0:${timestamp}:${body}`));
  return `v0=${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
