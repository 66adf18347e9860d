import { hmacKey, hmacSign, hmacVerify } from '../crypto/hmac';

/**
 * Web chat session tokens: `v1.<payload>.<signature>`, base64url, HMAC-SHA-256.
 * The payload binds one conversation, its channel and an expiry, so a token
 * for one conversation can neither read nor write another. Signed rather
 * than stored: checking a token costs no database read.
 */
export interface SessionClaims {
  conversationId: string;
  channel: string;
  /** A staff preview session (the only kind allowed while a channel is internal). */
  preview: boolean;
  /** Unix seconds. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; claims: SessionClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const VERSION = 'v1';
const encoder = new TextEncoder();

export async function signSessionToken(secret: string, claims: SessionClaims): Promise<string> {
  const payload = base64url(encoder.encode(JSON.stringify({ c: claims.conversationId, ch: claims.channel, p: claims.preview ? 1 : 0, e: claims.expiresAt })));
  const signature = await hmacSign(await hmacKey(secret), `${VERSION}.${payload}`);
  return `${VERSION}.${payload}.${base64url(signature)}`;
}

export async function verifySessionToken(secret: string, token: string, nowSeconds: number): Promise<TokenCheck> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2] || token.length > 1024) return { ok: false, reason: 'malformed' };
  const signature = fromBase64url(parts[2]!);
  if (!signature) return { ok: false, reason: 'malformed' };
  const valid = await hmacVerify(await hmacKey(secret), signature, `${VERSION}.${parts[1]}`);
  if (!valid) return { ok: false, reason: 'bad_signature' };
  const claims = parseClaims(parts[1]!);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (claims.expiresAt <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function parseClaims(payload: string): SessionClaims | null {
  const bytes = fromBase64url(payload);
  if (!bytes) return null;
  try {
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    if (typeof raw.c !== 'string' || typeof raw.ch !== 'string' || typeof raw.e !== 'number' || (raw.p !== 0 && raw.p !== 1)) return null;
    return { conversationId: raw.c, channel: raw.ch, preview: raw.p === 1, expiresAt: raw.e };
  } catch {
    return null;
  }
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
