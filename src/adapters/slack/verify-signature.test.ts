import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from './verify-signature';

// Slack's documented example ("Verifying requests from Slack").
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const body = new TextEncoder().encode(BODY);

const check = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({ signingSecret: SECRET, timestamp: TIMESTAMP, signature: SIGNATURE, body, nowSeconds: Number(TIMESTAMP) + 10, ...overrides });

describe('verifySlackSignature', () => {
  it("accepts Slack's documented example", async () => {
    expect(await check()).toBe('ok');
    expect(await signSlackRequest(SECRET, Number(TIMESTAMP), BODY)).toBe(SIGNATURE);
  });

  it('refuses a body changed by one byte, a wrong secret, and a forged signature', async () => {
    expect(await check({ body: new TextEncoder().encode(BODY.replace('roadrunner', 'roadrunnex')) })).toBe('invalid');
    expect(await check({ signingSecret: `${SECRET}0` })).toBe('invalid');
    expect(await check({ signature: `v0=${'0'.repeat(64)}` })).toBe('invalid');
    expect(await check({ signature: SIGNATURE.toUpperCase() })).toBe('invalid');
    expect(await check({ signature: 'v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503' })).toBe('invalid');
  });

  it('refuses missing headers, malformed timestamps, and requests outside the 5-minute window', async () => {
    expect(await check({ signature: null })).toBe('missing');
    expect(await check({ timestamp: undefined })).toBe('missing');
    expect(await check({ timestamp: '1531420618.5' })).toBe('invalid');
    expect(await check({ nowSeconds: Number(TIMESTAMP) + 301 })).toBe('stale');
    expect(await check({ nowSeconds: Number(TIMESTAMP) - 301 })).toBe('stale');
    expect(await check({ nowSeconds: Number(TIMESTAMP) + 300 })).toBe('ok');
  });

  it('checks the signature over the timestamp too (a replay with a fresh timestamp fails)', async () => {
    expect(await check({ timestamp: String(Number(TIMESTAMP) + 60), nowSeconds: Number(TIMESTAMP) + 60 })).toBe('invalid');
  });
});
