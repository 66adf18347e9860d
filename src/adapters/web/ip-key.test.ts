import { describe, expect, it } from 'vitest';
import { ipKey } from './ip-key';

describe('ipKey', () => {
  it('keeps IPv4 addresses whole', () => {
    expect(ipKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 addresses by their /64', () => {
    expect(ipKey('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3:8d3::/64');
    expect(ipKey('2001:DB8:85A3:08D3::1')).toBe('2001:db8:85a3:8d3::/64');
    expect(ipKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipKey('::1')).toBe('0:0:0:0::/64');
  });
});
