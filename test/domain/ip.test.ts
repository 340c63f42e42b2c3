import { describe, expect, it } from 'vitest';
import { truncateIp } from '../../src/domain/ip';

describe('IP addresses are anonymised before storage', () => {
  it('keeps only the /24 of an IPv4 address', () => {
    expect(truncateIp('203.0.113.77')).toBe('203.0.113.0');
    expect(truncateIp('::ffff:198.51.100.9')).toBe('198.51.100.0');
  });

  it('keeps only the /48 of an IPv6 address', () => {
    expect(truncateIp('2001:db8:abcd:12:34:56:78:9a')).toBe('2001:db8:abcd::');
    expect(truncateIp('2001:db8::1')).toBe('2001:db8:0::');
    expect(truncateIp('fe80::1%eth0')).toBe('fe80:0:0::');
  });

  it('stores nothing for what is not an IP address', () => {
    for (const bad of [
      '',
      'localhost',
      '999.1.1.1',
      '1.2.3',
      'a:b:c:d:e:f:g:h',
      '1::2::3',
      undefined,
      null,
    ]) {
      expect(truncateIp(bad)).toBeNull();
    }
  });
});
