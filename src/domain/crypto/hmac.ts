/**
 * HMAC-SHA-256 with keys imported once per secret and isolate (importKey is
 * the slow part), for every signature the project makes or checks: Slack
 * requests, web chat session tokens, console cookies, outbound webhooks.
 * Checks use crypto.subtle.verify, which compares in constant time; nothing
 * here compares signature bytes by hand. Web Crypto only: Workers and Node alike.
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

type Bytes = Uint8Array<ArrayBuffer>;
type Message = string | Bytes;

function bytes(message: Message): Bytes {
  // A copy typed over a plain ArrayBuffer, which Node's Web Crypto types require.
  return typeof message === 'string' ? new Uint8Array(encoder.encode(message)) : message;
}

/**
 * The key for a secret; with a `label`, a key derived from it (HMAC(secret,
 * label)) so the configured secret itself signs nothing of that purpose.
 */
export function hmacKey(secret: string, label?: string): Promise<CryptoKey> {
  const cacheKey = label === undefined ? `raw\u0000${secret}` : `derived\u0000${label}\u0000${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = (async () => {
      const raw = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
      if (label === undefined) return raw;
      const derived = await crypto.subtle.sign('HMAC', raw, encoder.encode(label));
      return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    })();
    // A failed import is not cached: the next call tries again.
    key.catch(() => keys.delete(cacheKey));
    keys.set(cacheKey, key);
  }
  return key;
}

export async function hmacSign(key: CryptoKey, message: Message): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes(message)));
}

/** Whether `signature` is the message's HMAC under the key, compared in constant time by Web Crypto. */
export function hmacVerify(key: CryptoKey, signature: Bytes, message: Message): Promise<boolean> {
  return crypto.subtle.verify('HMAC', key, signature, bytes(message));
}

let comparisonKey: Promise<CryptoKey> | null = null;

/**
 * Equality of two secrets (tokens, CSRF values) that leaks neither length
 * nor prefix through timing: b's MAC under a random per-isolate key is
 * verified against a, so Web Crypto does the constant-time comparison.
 */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  comparisonKey ??= crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']) as Promise<CryptoKey>;
  const key = await comparisonKey;
  return hmacVerify(key, await hmacSign(key, b), a);
}

export function toHex(data: Uint8Array): string {
  return [...data].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Bytes of an even-length lower-case hex string (callers check the format first). */
export function fromHex(hex: string): Bytes {
  const out = new Uint8Array(hex.length / 2);
  for (let index = 0; index < out.length; index++) out[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return out;
}
