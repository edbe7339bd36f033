import { describe, expect, it } from 'vitest';
import { checkAddress, isLoopback, legacyIpv4 } from './ip-guard.ts';

describe('checkAddress', () => {
  it.each([
    '0.0.0.0',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '127.53.0.1',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.170',
    '192.0.2.1',
    '192.168.1.1',
    '198.18.0.1',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.251',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
  ])('refuses IPv4 %s', (address) => {
    expect(checkAddress(address).allowed).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '11.0.0.1',
  ])('allows public IPv4 %s', (address) => {
    expect(checkAddress(address)).toEqual({ allowed: true, family: 4 });
  });

  it.each([
    '::',
    '::1',
    '[::1]',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd00:ec2::254',
    'fec0::1',
    'ff02::1',
    '2001:db8::1',
    '2001::1',
    '100::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::ffff:10.0.0.1',
    '0:0:0:0:0:ffff:192.168.0.1',
    '::ffff:0:10.0.0.1',
    '::127.0.0.1',
    '64:ff9b::10.0.0.1',
    '64:ff9b::a00:1',
    '2002:a00:1::1',
    '2002:7f00:1::',
    '::ffff:8.8.8.8',
  ])('refuses IPv6 %s', (address) => {
    expect(checkAddress(address).allowed).toBe(false);
  });

  it('names what was refused and why', () => {
    const verdict = checkAddress('::ffff:169.254.169.254');
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.reason).toMatch(/link-local/);
  });

  it.each(['2001:4860:4860::8888', '2606:4700:4700::1111', '2400:cb00::1'])('allows global IPv6 %s', (a) => {
    expect(checkAddress(a)).toEqual({ allowed: true, family: 6 });
  });

  it('refuses text that is not an address', () => {
    expect(checkAddress('localhost').allowed).toBe(false);
    expect(checkAddress('1.2.3').allowed).toBe(false);
  });
});

describe('legacyIpv4', () => {
  it.each([
    ['2130706433', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f.0.0.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['10.1', '10.0.0.1'],
    ['169.254.43518', '169.254.169.254'],
    ['0xa9.0xfe.0xa9.0xfe', '169.254.169.254'],
    ['2852039166', '169.254.169.254'],
    ['8.8.8.8', '8.8.8.8'],
  ])('reads %s as %s', (input, dotted) => {
    expect(legacyIpv4(input)).toBe(dotted);
  });

  it.each(['login.phish.test', '4294967296', '1.2.3.4.5', '256.1.1.1', '09.1.1.1', 'a.b', ''])(
    'leaves %s alone',
    (input) => {
      expect(legacyIpv4(input)).toBeNull();
    },
  );
});

describe('isLoopback', () => {
  it('opens only loopback', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
    expect(isLoopback('169.254.169.254')).toBe(false);
    expect(isLoopback('fd00:ec2::254')).toBe(false);
  });
});
