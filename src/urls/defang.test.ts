import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { defang, defangText, maskUrl, refang } from './defang.ts';

describe('defang', () => {
  it('turns the scheme into hxxp(s) and brackets every host dot', () => {
    expect(defang('https://example.com/path')).toBe('hxxps://example[.]com/path');
    expect(defang('http://a.b.example.co.jp/x.html?y=1.2')).toBe(
      'hxxp://a[.]b[.]example[.]co[.]jp/x.html?y=1.2',
    );
    expect(defang('example.com/a.b')).toBe('example[.]com/a.b');
    // A URL nested in the path or query is defanged too (translation proxies, open redirects).
    expect(defang('http://a.example/?u=https://b.example/x.html&v=HTTP://c.example')).toBe(
      'hxxp://a[.]example/?u=hxxps://b[.]example/x.html&v=hxxp://c[.]example',
    );
    expect(defang('https://t.example/r/http://evil.example.cn/login')).toBe(
      'hxxps://t[.]example/r/hxxp://evil[.]example[.]cn/login',
    );
    expect(defang('https://user@a.b.com:8080/x')).toBe('hxxps://user@a[.]b[.]com:8080/x');
  });

  it('is idempotent and undone by refang', () => {
    for (const url of ['https://example.com/path', 'http://1.2.3.4/a?b=c.d', 'https://x.y.z/#frag.ment']) {
      expect(defang(defang(url))).toBe(defang(url));
      expect(refang(defang(url))).toBe(url);
    }
  });
});

describe('defangText', () => {
  it('defangs every URL and host inside free text, and leaves the rest alone', () => {
    expect(defangText('Login https://evil.example/x?u=http://b.example/ now')).toBe(
      'Login hxxps://evil[.]example/x?u=hxxp://b[.]example/ now',
    );
    expect(defangText('at http://10.0.0.1/ or 10.0.0.2:8080/a, ftp://files.example/')).toBe(
      'at hxxp://10[.]0[.]0[.]1/ or 10[.]0[.]0[.]2:8080/a, ftp://files[.]example/',
    );
    expect(defangText('www.evil.example, mail a@evil.example, ログイン.example')).toBe(
      'www[.]evil[.]example, mail a@evil[.]example, ログイン[.]example',
    );
    expect(defangText('evil．example')).toBe('evil[.]example');
    expect(defangText('version 2.0.1, 3.5 GB, 株式会社。ログイン')).toBe(
      'version 2.0.1, 3.5 GB, 株式会社。ログイン',
    );
    expect(defangText(defangText('https://evil.example/a.b'))).toBe('hxxps://evil[.]example/a.b');
  });
  it('stays fast on long hostile runs', () => {
    const started = performance.now();
    defangText(`${'a'.repeat(200_000)} ${'a.'.repeat(50_000)}`);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('refang', () => {
  it.each([
    ['hxxp://evil[.]com', 'http://evil.com'],
    ['hXXps://evil[.]co[.]jp/x', 'https://evil.co.jp/x'],
    ['HXXPS://EVIL[.]COM', 'https://EVIL.COM'],
    ['hxxps[:]//evil(.)co{.}jp/x', 'https://evil.co.jp/x'],
    ['hxxps[://]x[.]y[/]z', 'https://x.y/z'],
    ['evil[dot]com and evil [.] org and evil(dot)net', 'evil.com and evil.org and evil.net'],
    ['ttps://a.example/ and ttp://b.example/', 'https://a.example/ and http://b.example/'],
    ['h**p://x[.]y', 'http://x.y'],
  ])('%j → %j', (input, expected) => {
    expect(refang(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Visit https://example.com/a.b?x=[1] (see notes) — http and hxxxp are words.';
    expect(refang(text)).toBe(text);
  });

  it('stays fast on hostile input', () => {
    const hostile = `${' '.repeat(500_000)}[${'['.repeat(200_000)}${'hxx'.repeat(100_000)}`;
    const start = performance.now();
    refang(hostile);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('maskUrl', () => {
  it.each([
    ['https://g57.abcdef.hu/abc', 'https://g57.●●●●.hu/a'],
    ['https://amazon-login.com/', 'https://ama●●●●.com'],
    ['http://www.amazon.co.jp.xyz.info/a/b?c', 'http://www.●●●●.info/a'],
    ['https://secure.evil.co.jp/login', 'https://sec●●●●.co.jp/l'],
    ['https://evil.workers.dev/', 'https://evi●●●●.workers.dev'],
    ['https://github.io/', 'https://git●●●●.io'],
    ['http://1.2.3.4/x', 'http://1.●●●●/x'],
    ['http://[2001:db8::1]:8080/', 'http://[2001:●●●●]'],
    ['https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9', 'https://例え●●●●.jp/パ'],
    ['hxxps://evil[.]com/login?x#y', 'https://evi●●●●.com/l'],
  ])('%j → %j', (input, expected) => {
    expect(maskUrl(input)).toBe(expected);
  });

  it('throws AppError for what is not a URL', () => {
    try {
      maskUrl('mailto:someone@example.com');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error)).toBe(true);
    }
  });
});
