import { env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccessVerifier } from '../../src/http/console/access-jwt';
import { ConsoleClient, consoleEnv } from './console-client';

const TEAM = 'team.cloudflareaccess.com';
const AUD = 'aud-0123456789abcdef';
let keys: CryptoKeyPair;
let certs: { keys: JsonWebKey[] };

const encode = (value: unknown) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** An Access application token as Cloudflare issues it (RS256, kid, aud array, email). */
async function accessToken(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key = keys.privateKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const head = encode({ alg: 'RS256', kid: 'kid-1', typ: 'JWT', ...header });
  const body = encode({ aud: [AUD], email: 'Boss@Example.com', exp: now + 300, iat: now, nbf: now, iss: `https://${TEAM}`, type: 'app', sub: 'user-1', ...claims });
  const signature = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new TextEncoder().encode(`${head}.${body}`)));
  let binary = '';
  for (const byte of signature) binary += String.fromCharCode(byte);
  return `${head}.${body}.${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

function generate(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

beforeAll(async () => {
  keys = await generate();
  certs = { keys: [{ ...((await crypto.subtle.exportKey('jwk', keys.publicKey)) as JsonWebKey), kid: 'kid-1', alg: 'RS256', use: 'sig' } as JsonWebKey] };
});

afterEach(() => {
  vi.restoreAllMocks();
});

function fakeCerts() {
  const requested: string[] = [];
  const fetch = async (url: string) => {
    requested.push(url);
    return Response.json(certs);
  };
  return { requested, fetch };
}

describe('the Cloudflare Access verifier', () => {
  it('accepts a token signed by the team for this audience, fetching the keys once', async () => {
    const { requested, fetch } = fakeCerts();
    const verifier = new AccessVerifier({ teamDomain: TEAM, audience: AUD, fetch });
    expect(await verifier.verify(await accessToken())).toEqual({ ok: true, email: 'boss@example.com' });
    expect(await verifier.verify(await accessToken({ aud: AUD }))).toMatchObject({ ok: true });
    expect(requested).toEqual([`https://${TEAM}/cdn-cgi/access/certs`]);
  });

  it('refuses other audiences, issuers, expired tokens, other algorithms, forged signatures and unknown keys', async () => {
    const { fetch } = fakeCerts();
    const verifier = new AccessVerifier({ teamDomain: TEAM, audience: AUD, fetch });
    const now = Math.floor(Date.now() / 1000);
    const cases: [Promise<string>, string][] = [
      [accessToken({ aud: ['someone-else'] }), 'wrong_audience'],
      [accessToken({ iss: 'https://evil.cloudflareaccess.com' }), 'wrong_issuer'],
      [accessToken({ exp: now - 120 }), 'expired'],
      [accessToken({ nbf: now + 600 }), 'not_yet_valid'],
      [accessToken({ email: undefined, common_name: 'service-token' }), 'no_email'],
      [accessToken({}, { alg: 'HS256' }), 'unsupported_algorithm'],
      [accessToken({}, { kid: 'kid-unknown' }), 'unknown_key'],
      [generate().then((other) => accessToken({}, {}, other.privateKey)), 'bad_signature'],
    ];
    for (const [token, reason] of cases) expect(await verifier.verify(await token), reason).toEqual({ ok: false, reason });
    const [head, , signature] = (await accessToken()).split('.');
    expect(await verifier.verify(`${head}.${encode({ aud: [AUD], email: 'boss@example.com', exp: now + 300, iss: `https://${TEAM}` })}.${signature}`)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifier.verify('not-a-jwt')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses everything while the certs cannot be fetched', async () => {
    const verifier = new AccessVerifier({ teamDomain: TEAM, audience: AUD, fetch: async () => new Response('down', { status: 503 }) });
    expect(await verifier.verify(await accessToken())).toEqual({ ok: false, reason: 'unknown_key' });
  });
});

describe('console sign-in through Cloudflare Access', () => {
  const accessEnv: Env = { ...consoleEnv, ACCESS_AUD: AUD, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_ADMINS: 'boss@example.com, other-admin@example.com' } as Env;

  it('takes the verified email as the actor, admins from ACCESS_ADMINS, and audits the sign-in once', async () => {
    const real = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      return url === `https://${TEAM}/cdn-cgi/access/certs` ? Response.json(certs) : real(input, init);
    });
    const boss = new ConsoleClient();
    const token = await accessToken();
    const page = await boss.fetch('/admin/reviews', { env: accessEnv, headers: { 'cf-access-jwt-assertion': token } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('boss@example.com');
    expect(html).toMatch(/class="role">admin</);
    expect(boss.cookies.has('countersign_session')).toBe(true);
    await boss.fetch('/admin/history', { env: accessEnv, headers: { 'cf-access-jwt-assertion': token } });
    const { results } = await env.DB.prepare("SELECT actor, details FROM audit_log WHERE action = 'console-sign-in' AND actor = 'boss@example.com'").all<{ details: string }>();
    expect(results).toHaveLength(1);
    expect(JSON.parse(results[0]!.details)).toEqual({ role: 'admin', method: 'cloudflare-access' });

    const staff = new ConsoleClient();
    const staffPage = await staff.fetch('/admin/reviews', { env: accessEnv, headers: { 'cf-access-jwt-assertion': await accessToken({ email: 'staff@example.com' }) } });
    expect(await staffPage.text()).toMatch(/class="role">reviewer</);

    // Without a valid header the Access session is not enough.
    expect((await boss.fetch('/admin/reviews', { env: accessEnv })).status).toBe(303);
    expect((await new ConsoleClient().fetch('/admin/reviews', { env: accessEnv, headers: { 'cf-access-jwt-assertion': await accessToken({ aud: ['other'] }) } })).status).toBe(303);
  });
});
