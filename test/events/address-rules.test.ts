// The rules for where outbound requests may go, in every spelling of an address.
import { describe, expect, it } from 'vitest';
import {
  checkResolvedAddresses,
  checkTargetUrl,
  isBlockedAddress,
  parseIPv6,
  TargetRefused,
} from '../../src/net/address-rules';

const strict = { allowPrivate: false };

describe('target address rules', () => {
  it.each([
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '100.100.100.200',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.168.1.1',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '64:ff9b::10.0.0.1',
    '2002:7f00:1::',
    'fc00::1',
    'fd00:ec2::254',
    'fe80::1',
    'ff02::1',
    '2001:db8::1',
    '[::1]',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    '93.184.216.34',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:93.184.216.34',
    '64:ff9b::93.184.216.34',
  ])('allows the public address %s', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it('parses IPv6 the way it is written, compressed or not', () => {
    expect(parseIPv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6('1::8')).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIPv6('1::2::3')).toBeNull();
    expect(parseIPv6('fe80::1%eth0')).toBeNull();
  });

  it.each([
    ['http://hooks.example.com/x', 'must use https'],
    ['ftp://hooks.example.com/x', 'must use https'],
    ['hooks.example.com', 'must be an absolute URL'],
    ['https://user:pw@hooks.example.com/', 'must not contain a user name or password'],
    ['https://127.0.0.1/x', 'private'],
    ['https://2130706433/x', 'private'],
    ['https://0x7f.1/x', 'private'],
    ['https://[::1]/x', 'private'],
    ['https://[::ffff:127.0.0.1]/x', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'private'],
  ])('refuses the URL %s', (url, reason) => {
    expect(() => checkTargetUrl(url, strict)).toThrow(TargetRefused);
    expect(() => checkTargetUrl(url, strict)).toThrow(reason);
  });

  it('accepts https to a public name, and lets self-hosted setups use http and private addresses', () => {
    expect(checkTargetUrl('https://hooks.example.com/mailprefs?x=1', strict).hostname).toBe(
      'hooks.example.com',
    );
    expect(checkTargetUrl('http://127.0.0.1:8080/hook', { allowPrivate: true }).port).toBe('8080');
  });

  it('refuses a name when any address it resolves to is private', () => {
    expect(() => checkResolvedAddresses(['93.184.216.34', '10.0.0.5'], strict)).toThrow(
      'resolves to a private',
    );
    expect(() => checkResolvedAddresses([], strict)).toThrow('does not resolve');
    expect(() => checkResolvedAddresses(['93.184.216.34', '2606:4700::1'], strict)).not.toThrow();
    expect(() => checkResolvedAddresses(['127.0.0.1'], { allowPrivate: true })).not.toThrow();
  });
});
