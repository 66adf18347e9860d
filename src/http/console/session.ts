import { hmacKey, hmacSign, hmacVerify } from '../../domain/crypto/hmac';
import type { ConsoleSessionRecord } from '../../adapters/d1/d1-console-sessions';

export type Role = 'reviewer' | 'admin';

/**
 * A signed-in staff member: the stored session (D1) the cookie points to.
 * `csrf` is the per-session secret the forms' CSRF token is checked
 * against; `credential` names the token that opened it (a keyed hash, or
 * "access"), so rotating ADMIN_TOKEN or REVIEWER_TOKEN ends its sessions.
 */
export type ConsoleSession = ConsoleSessionRecord;

/** What the cookie carries: the session's random id and its expiry, signed. */
export interface SessionTicket {
  id: string;
  /** Unix seconds. */
  expiresAt: number;
}

const encoder = new TextEncoder();
/** The HMAC key for cookies, derived from the configured secret so the secret itself signs nothing directly. */
function sessionKey(secret: string): Promise<CryptoKey> {
  return hmacKey(secret, 'countersign-console-session-v1');
}

export function base64Url(bytes: ArrayBuffer | Uint8Array): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(value: string): Uint8Array<ArrayBuffer> {
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
  const signature = await hmacSign(await sessionKey(secret), `credential:${token}`);
  return base64Url(signature).slice(0, 22);
}

export async function signSession(secret: string, ticket: SessionTicket): Promise<string> {
  const payload = base64Url(encoder.encode(JSON.stringify({ v: 2, id: ticket.id, exp: ticket.expiresAt })));
  const signature = await hmacSign(await sessionKey(secret), payload);
  return `${payload}.${base64Url(signature)}`;
}

/**
 * The ticket in a cookie value, or null when it is malformed, forged or
 * expired. The signature spares the database a lookup for junk; whether the
 * session still holds is the stored row's say (see D1ConsoleSessions).
 */
export async function verifySession(secret: string, value: string, now: Date): Promise<SessionTicket | null> {
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  let parsed: unknown;
  try {
    if (!(await hmacVerify(await sessionKey(secret), fromBase64Url(signature), payload))) return null;
    parsed = JSON.parse(new TextDecoder().decode(fromBase64Url(payload)));
  } catch {
    return null;
  }
  // Version 1 cookies carried the whole session and could not be revoked: they no longer count.
  const ticket = parsed as { v?: unknown; id?: unknown; exp?: unknown };
  if (ticket.v !== 2 || typeof ticket.id !== 'string' || ticket.id.length < 32 || typeof ticket.exp !== 'number') return null;
  if (ticket.exp * 1000 <= now.getTime()) return null;
  return { id: ticket.id, expiresAt: ticket.exp };
}
