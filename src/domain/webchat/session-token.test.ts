import { describe, expect, it } from 'vitest';
import { signSessionToken, verifySessionToken } from './session-token';

const claims = { conversationId: 'conv-1', channel: 'web', preview: false, expiresAt: 2_000 };

describe('session tokens', () => {
  it('round-trips the claims while unexpired', async () => {
    const token = await signSessionToken('secret', claims);
    expect(await verifySessionToken('secret', token, 1_999)).toEqual({ ok: true, claims });
  });

  it('refuses expired tokens, other secrets, and any edited part', async () => {
    const token = await signSessionToken('secret', claims);
    expect(await verifySessionToken('secret', token, 2_000)).toEqual({ ok: false, reason: 'expired' });
    expect(await verifySessionToken('other-secret', token, 1_000)).toEqual({ ok: false, reason: 'bad_signature' });
    const [version, payload, signature] = token.split('.') as [string, string, string];
    // Another conversation's id under this token's signature.
    const forgedPayload = btoa(JSON.stringify({ c: 'conv-2', ch: 'web', p: 0, e: 2_000 })).replace(/=+$/, '');
    expect(await verifySessionToken('secret', `${version}.${forgedPayload}.${signature}`, 1_000)).toMatchObject({ ok: false });
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    expect(await verifySessionToken('secret', `${version}.${payload}.${flipped}`, 1_000)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('calls garbage malformed', async () => {
    for (const garbage of ['', 'v1', 'v1..', 'v2.a.b', 'v1.a.b.c', 'v1.!!.??', `v1.e30.${'A'.repeat(2000)}`]) {
      expect(await verifySessionToken('secret', garbage, 1_000)).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });
});
