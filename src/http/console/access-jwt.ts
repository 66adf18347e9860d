import { fromBase64Url } from './session';

/** Verified identity from a Cloudflare Access application token. */
export type AccessResult = { ok: true; email: string } | { ok: false; reason: string };

export interface AccessVerifierOptions {
  /** e.g. "team.cloudflareaccess.com": the certs and the expected issuer live there. */
  teamDomain: string;
  /** The Access application's audience (AUD) tag. */
  audience: string;
  fetch: (input: string) => Promise<Response>;
  now?: () => number;
}

/** Keys are kept this long; Access rotates its signing key every 6 weeks and keeps the old one valid for 7 days. */
const KEYS_TTL_MS = 60 * 60_000;
/** An unknown key id refetches the certs at most this often, so made-up ids cannot flood the certs endpoint. */
const REFETCH_MIN_MS = 60_000;
/** Clock skew allowed on exp and nbf. */
const LEEWAY_SECONDS = 30;

interface KeySet {
  keys: Map<string, CryptoKey>;
  fetchedAt: number;
}

/**
 * Verifies the `Cf-Access-Jwt-Assertion` header Cloudflare Access adds to
 * requests it let through: RS256 signed by one of the team's keys
 * (https://<team>/cdn-cgi/access/certs), for this application's audience,
 * issued by the team, and not expired. Only then is the email an identity:
 * the header alone proves nothing, anyone can send one.
 */
export class AccessVerifier {
  private keySet: KeySet | null = null;
  private pending: Promise<KeySet> | null = null;

  constructor(private readonly options: AccessVerifierOptions) {}

  async verify(token: string): Promise<AccessResult> {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    let header: { alg?: unknown; kid?: unknown };
    let payload: { aud?: unknown; exp?: unknown; nbf?: unknown; iss?: unknown; email?: unknown };
    let signature: Uint8Array;
    try {
      header = JSON.parse(new TextDecoder().decode(fromBase64Url(encodedHeader)));
      payload = JSON.parse(new TextDecoder().decode(fromBase64Url(encodedPayload)));
      signature = fromBase64Url(encodedSignature);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    // JSON.parse accepts `null`, numbers and arrays too: only objects are a header and a payload.
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null) return { ok: false, reason: 'malformed' };
    // Only RS256: accepting the header's word for the algorithm is the classic JWT hole.
    if (header.alg !== 'RS256' || typeof header.kid !== 'string') return { ok: false, reason: 'unsupported_algorithm' };
    const key = await this.key(header.kid);
    if (!key) return { ok: false, reason: 'unknown_key' };
    const signed = new TextEncoder().encode(`${encodedHeader}.${encodedPayload}`);
    if (!(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, signed))) return { ok: false, reason: 'bad_signature' };

    const now = Math.floor((this.options.now?.() ?? Date.now()) / 1000);
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(this.options.audience)) return { ok: false, reason: 'wrong_audience' };
    if (payload.iss !== `https://${this.options.teamDomain}`) return { ok: false, reason: 'wrong_issuer' };
    if (typeof payload.exp !== 'number' || payload.exp + LEEWAY_SECONDS < now) return { ok: false, reason: 'expired' };
    if (typeof payload.nbf === 'number' && payload.nbf - LEEWAY_SECONDS > now) return { ok: false, reason: 'not_yet_valid' };
    // Service tokens carry no email: they are machines, not staff who can sign off.
    if (typeof payload.email !== 'string' || !payload.email.includes('@')) return { ok: false, reason: 'no_email' };
    return { ok: true, email: payload.email.toLowerCase() };
  }

  private async key(kid: string): Promise<CryptoKey | null> {
    const now = this.options.now?.() ?? Date.now();
    let set = this.keySet;
    const stale = !set || now - set.fetchedAt > KEYS_TTL_MS;
    const unknown = set && !set.keys.has(kid) && now - set.fetchedAt > REFETCH_MIN_MS;
    if (stale || unknown) {
      try {
        set = await this.refresh();
      } catch {
        // Keep using the keys we have (the certs endpoint may be briefly down); none: refuse.
        // Wait before asking again, so an outage does not put a failing fetch on every request.
        if (this.keySet) this.keySet = { ...this.keySet, fetchedAt: now - KEYS_TTL_MS + REFETCH_MIN_MS };
        set = this.keySet;
      }
    }
    return set?.keys.get(kid) ?? null;
  }

  private refresh(): Promise<KeySet> {
    this.pending ??= this.load().then(
      (set) => {
        this.keySet = set;
        this.pending = null;
        return set;
      },
      (error: unknown) => {
        this.pending = null;
        throw error;
      },
    );
    return this.pending;
  }

  private async load(): Promise<KeySet> {
    const response = await this.options.fetch(`https://${this.options.teamDomain}/cdn-cgi/access/certs`);
    if (!response.ok) throw new Error(`certs: HTTP ${response.status}`);
    const body = (await response.json()) as { keys?: (JsonWebKey & { kid?: string })[] };
    const keys = new Map<string, CryptoKey>();
    for (const jwk of body.keys ?? []) {
      if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
      const { kid, ...material } = jwk;
      keys.set(kid, await crypto.subtle.importKey('jwk', { kty: 'RSA', n: material.n, e: material.e }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']));
    }
    return { keys, fetchedAt: this.options.now?.() ?? Date.now() };
  }
}

const verifiers = new Map<string, AccessVerifier>();

/** One verifier (and key cache) per team and audience, for the isolate's life. */
export function accessVerifier(teamDomain: string, audience: string): AccessVerifier {
  const id = `${teamDomain}|${audience}`;
  let verifier = verifiers.get(id);
  if (!verifier) {
    // fetch is looked up at call time, not captured, so the runtime's own is always used.
    verifier = new AccessVerifier({ teamDomain, audience, fetch: (input) => fetch(input) });
    verifiers.set(id, verifier);
  }
  return verifier;
}
