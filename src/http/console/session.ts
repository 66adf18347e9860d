export type Role = 'reviewer' | 'admin';

/** A signed-in staff member, as the session cookie carries them. */
export interface ConsoleSession {
  actor: string;
  role: Role;
  /** Unix seconds. */
  expiresAt: number;
  /** Per-session secret that the forms' CSRF token is checked against. */
  csrf: string;
  via: 'token' | 'access';
  /**
   * Which credential signed them in (a keyed hash of the token, or "access"):
   * rotating ADMIN_TOKEN or REVIEWER_TOKEN ends the sessions it opened.
   */
  credential: string;
}

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key for cookies, derived from the configured secret so the secret itself signs nothing directly. */
function sessionKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const master = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const derived = await crypto.subtle.sign('HMAC', master, encoder.encode('countersign-console-session-v1'));
      return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    })();
    keys.set(secret, key);
  }
  return key;
}

export function base64Url(bytes: ArrayBuffer | Uint8Array): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(value: string): Uint8Array {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (value.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function randomToken(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A keyed fingerprint of a sign-in token: it names the token without revealing it. */
export async function credentialOf(secret: string, token: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await sessionKey(secret), encoder.encode(`credential:${token}`));
  return base64Url(signature).slice(0, 22);
}

export async function signSession(secret: string, session: ConsoleSession): Promise<string> {
  const payload = base64Url(encoder.encode(JSON.stringify({ v: 1, ...session })));
  const signature = await crypto.subtle.sign('HMAC', await sessionKey(secret), encoder.encode(payload));
  return `${payload}.${base64Url(signature)}`;
}

/** The session in a cookie value, or null when it is malformed, forged or expired. */
export async function verifySession(secret: string, value: string, now: Date): Promise<ConsoleSession | null> {
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  let parsed: unknown;
  try {
    // crypto.subtle.verify compares in constant time.
    if (!(await crypto.subtle.verify('HMAC', await sessionKey(secret), fromBase64Url(signature), encoder.encode(payload)))) return null;
    parsed = JSON.parse(new TextDecoder().decode(fromBase64Url(payload)));
  } catch {
    return null;
  }
  const session = parsed as Partial<ConsoleSession> & { v?: unknown };
  if (session.v !== 1 || typeof session.actor !== 'string' || typeof session.csrf !== 'string' || typeof session.credential !== 'string') return null;
  if (session.role !== 'admin' && session.role !== 'reviewer') return null;
  if (session.via !== 'token' && session.via !== 'access') return null;
  if (typeof session.expiresAt !== 'number' || session.expiresAt * 1000 <= now.getTime()) return null;
  return { actor: session.actor, role: session.role, expiresAt: session.expiresAt, csrf: session.csrf, via: session.via, credential: session.credential };
}
