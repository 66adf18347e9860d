import { describe, expect, it } from 'vitest';
import { constantTimeEqual, fromHex, hmacKey, hmacSign, hmacVerify, toHex } from './hmac';

describe('hmac', () => {
  it('signs as RFC 4231 test case 2 says, and verifies only the untampered signature', async () => {
    const key = await hmacKey('Jefe');
    const signature = await hmacSign(key, 'what do ya want for nothing?');
    expect(toHex(signature)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(await hmacVerify(key, signature, 'what do ya want for nothing?')).toBe(true);
    const tampered = fromHex(toHex(signature));
    tampered[0]! ^= 1;
    expect(await hmacVerify(key, tampered, 'what do ya want for nothing?')).toBe(false);
    expect(await hmacVerify(key, signature, 'what do ya want for nothing!')).toBe(false);
  });

  it('caches a key per secret and purpose; a derived key signs differently from the secret itself', async () => {
    expect(await hmacKey('secret-one')).toBe(await hmacKey('secret-one'));
    const raw = await hmacSign(await hmacKey('secret-one'), 'message');
    const derived = await hmacSign(await hmacKey('secret-one', 'purpose-v1'), 'message');
    expect(toHex(derived)).not.toBe(toHex(raw));
    expect(await hmacKey('secret-one', 'purpose-v1')).not.toBe(await hmacKey('secret-one'));
  });

  it('compares secrets of any length', async () => {
    expect(await constantTimeEqual('token-abc', 'token-abc')).toBe(true);
    expect(await constantTimeEqual('token-abc', 'token-abd')).toBe(false);
    expect(await constantTimeEqual('token-abc', 'token-abc-longer')).toBe(false);
    expect(await constantTimeEqual('', '')).toBe(true);
  });
});
