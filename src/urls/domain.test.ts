import { describe, expect, it } from 'vitest';
import { isKnownPublicSuffix, parseHost } from './domain.ts';

describe('parseHost', () => {
  it('splits an ICANN domain', () => {
    expect(parseHost('A.B.Example.CO.JP')).toEqual({
      host: 'a.b.example.co.jp',
      registrableDomain: 'example.co.jp',
      publicSuffix: 'co.jp',
      tld: 'jp',
      isIp: false,
      unicodeHost: 'a.b.example.co.jp',
    });
  });

  it('treats shared hosting suffixes as public suffixes (the throwaway subdomain is the unit)', () => {
    for (const [host, registrable, suffix] of [
      ['evil-login.workers.dev', 'evil-login.workers.dev', 'workers.dev'],
      ['x.evil-login.workers.dev', 'evil-login.workers.dev', 'workers.dev'],
      ['foo.blogspot.com', 'foo.blogspot.com', 'blogspot.com'],
      ['foo.github.io', 'foo.github.io', 'github.io'],
      ['amazon-jp.web.app', 'amazon-jp.web.app', 'web.app'],
    ]) {
      expect(parseHost(host!)).toMatchObject({ registrableDomain: registrable, publicSuffix: suffix });
    }
  });

  it('converts between punycode and Unicode', () => {
    expect(parseHost('例え.jp')).toMatchObject({ host: 'xn--r8jz45g.jp', unicodeHost: '例え.jp' });
    expect(parseHost('www.xn--mlat-zra.com.')).toMatchObject({
      host: 'www.xn--mlat-zra.com',
      registrableDomain: 'xn--mlat-zra.com',
      unicodeHost: 'www.ümlat.com',
    });
    // A label that is not valid punycode stays as it is for display.
    expect(parseHost('xn--zz.example.com').unicodeHost).toBe('xn--zz.example.com');
  });

  it('recognises IPv4 and IPv6 hosts', () => {
    for (const host of ['1.2.3.4', '[::1]', '[2001:db8::a]']) {
      expect(parseHost(host)).toEqual({
        host,
        registrableDomain: null,
        publicSuffix: null,
        tld: null,
        isIp: true,
        unicodeHost: host,
      });
    }
  });

  it('handles bare suffixes, unlisted TLDs and single labels', () => {
    expect(parseHost('co.jp')).toMatchObject({ registrableDomain: null, publicSuffix: 'co.jp', tld: 'jp' });
    expect(parseHost('example.notatld')).toMatchObject({
      registrableDomain: 'example.notatld',
      publicSuffix: 'notatld',
      tld: 'notatld',
    });
    expect(parseHost('localhost')).toMatchObject({ registrableDomain: null, isIp: false, tld: 'localhost' });
    expect(parseHost('')).toMatchObject({ registrableDomain: null, publicSuffix: null, tld: null });
  });
});

describe('isKnownPublicSuffix', () => {
  it('is true only for suffixes listed in the PSL', () => {
    expect(isKnownPublicSuffix('example.com')).toBe(true);
    expect(isKnownPublicSuffix('example.co.jp')).toBe(true);
    expect(isKnownPublicSuffix('x.workers.dev')).toBe(true);
    expect(isKnownPublicSuffix('example.zip')).toBe(true);
    expect(isKnownPublicSuffix('app.js')).toBe(false);
    expect(isKnownPublicSuffix('logo.png')).toBe(false);
    expect(isKnownPublicSuffix('example.notatld')).toBe(false);
  });
});
