import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, extractUrls, extractUrlsFromHtml, MAX_EXTRACTED_URLS } from './extract.ts';

describe('extractUrls', () => {
  it('finds URLs glued to Japanese text', () => {
    expect(
      extractUrls(
        '【重要】アカウントが停止されました。https://amazon-jp.example.com/login から確認してください。',
      ),
    ).toEqual(['https://amazon-jp.example.com/login']);
    expect(extractUrls('SMSです→https://t.co/abc123★ 今すぐ')).toEqual(['https://t.co/abc123']);
  });

  it('normalises full-width forms (NFKC) first', () => {
    expect(extractUrls('ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ／ｌｏｇｉｎ を開いて')).toEqual([
      'https://example.com/login',
    ]);
  });

  it('takes URLs out of Japanese brackets and angle brackets', () => {
    expect(
      extractUrls(
        '「https://a.example.jp/x」『http://b.example.jp/y』【https://c.example.jp/z】（https://d.example.jp/w）',
      ),
    ).toEqual([
      'https://a.example.jp/x',
      'http://b.example.jp/y',
      'https://c.example.jp/z',
      'https://d.example.jp/w',
    ]);
    expect(extractUrls('See <https://example.org/a>.')).toEqual(['https://example.org/a']);
  });

  it('strips trailing punctuation but keeps balanced parentheses', () => {
    expect(
      extractUrls(
        '(https://en.wikipedia.org/wiki/Foo_(bar)). Also https://x.example/path..., "https://q.example/?a=1"!',
      ),
    ).toEqual([
      'https://en.wikipedia.org/wiki/Foo_(bar)',
      'https://x.example/path',
      'https://q.example/?a=1',
    ]);
    expect(extractUrls("'https://s.example/'; https://t.example/a、https://u.example/b。")).toEqual([
      'https://s.example/',
      'https://t.example/a',
      'https://u.example/b',
    ]);
    // JPCERT/CC writes wildcard parameters as "=*": that star stays.
    expect(extractUrls('https://v.example/a.php?x=*')).toEqual(['https://v.example/a.php?x=*']);
  });

  it('refangs defanged URLs', () => {
    expect(extractUrls('hxxps://evil[.]com/login and evil[.]net/a and hXXp://1.2.3.4:8080/x')).toEqual([
      'https://evil.com/login',
      'evil.net/a',
      'http://1.2.3.4:8080/x',
    ]);
  });

  it('accepts bare domains with a path only under real, non-file-like TLDs', () => {
    expect(
      extractUrls(
        'bare example.com/login, app.js/x, logo.png, main.py/x, notes.md/x, user@mail.example.com/x, ' +
          'amazon.co.jp.xyz-login.com/signin?id=1。 and www.example.co.jp. and example.org alone',
      ),
    ).toEqual(['example.com/login', 'amazon.co.jp.xyz-login.com/signin?id=1', 'www.example.co.jp']);
  });

  it('de-duplicates in order of first appearance and keeps IPv6 and ports', () => {
    expect(
      extractUrls(
        'https://b.example/ https://a.example/ https://b.example/ https://[2001:db8::1]:8080/x] end',
      ),
    ).toEqual(['https://b.example/', 'https://a.example/', 'https://[2001:db8::1]:8080/x']);
  });

  it('ignores schemes without a host', () => {
    expect(extractUrls('https:// alone, http:///x, and nothing else')).toEqual([]);
  });

  it('returns nothing for empty or non-string input', () => {
    expect(extractUrls('')).toEqual([]);
    expect(extractUrls(undefined as unknown as string)).toEqual([]);
  });

  it('caps the number of URLs', () => {
    const text = Array.from({ length: MAX_EXTRACTED_URLS + 50 }, (_, i) => `https://h${i}.example/`).join(
      ' ',
    );
    const urls = extractUrls(text);
    expect(urls).toHaveLength(MAX_EXTRACTED_URLS);
    expect(urls[0]).toBe('https://h0.example/');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const urls = extractUrls(text);
        expect(Array.isArray(urls)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('finishes quickly on adversarial input', () => {
    const big = 2 * 1024 * 1024;
    const inputs = [
      '.'.repeat(big),
      'a.'.repeat(big / 2),
      'aa.'.repeat(big / 3),
      '['.repeat(big),
      '(.)'.repeat(big / 3),
      'http://'.repeat(big / 7),
      `https://x.example/${')'.repeat(big / 2)}`,
      `https://x.example/${'('.repeat(big / 4)}${')'.repeat(big / 4)}`,
      'a-'.repeat(big / 2),
      ' '.repeat(big),
      'ｈｔｔｐｓ：／／'.repeat(big / 16),
      'www.a'.repeat(big / 5),
      `${'a'.repeat(big)}.com/`,
    ];
    for (const input of inputs) {
      const start = performance.now();
      extractUrls(input);
      expect(performance.now() - start, input.slice(0, 20)).toBeLessThan(2000);
    }
  });
});

describe('extractUrlsFromHtml', () => {
  const html = [
    '<html><a href="https://evil.example/login?a=1&amp;b=2">Click</a>',
    "<img src='//cdn.example/x.png'><form action=https://post.example/submit>",
    '<meta http-equiv="refresh" content="0; url=https://meta.example/r">',
    '<p title="a > b">Visit https://text.example/p &amp; hxxps://def[.]example/x</p>',
    '<a href="/relative">r</a><a href="javascript:alert(1)">j</a><a href="mailto:x@y.z">m</a>',
    '<a href = "HTTPS://UP.EXAMPLE/" >u</a><a href="https://evil.example/login?a=1&amp;b=2">again</a>',
    '<p>https&#58;//entity.example/&#x61;</p>',
  ].join('\n');

  it('takes absolute href/src/action values, meta refresh targets and text URLs', () => {
    expect(extractUrlsFromHtml(html)).toEqual([
      'https://evil.example/login?a=1&b=2',
      '//cdn.example/x.png',
      'https://post.example/submit',
      'https://meta.example/r',
      'HTTPS://UP.EXAMPLE/',
      'https://text.example/p',
      'https://def.example/x',
      'https://entity.example/a',
    ]);
  });

  it('never throws and stays fast on broken markup', () => {
    const inputs = [
      '<'.repeat(2_000_000),
      '<a href="'.repeat(200_000),
      `<a ${'href= '.repeat(300_000)}>`,
      `<p title="${'x'.repeat(1_000_000)}`,
      '&#'.repeat(1_000_000),
    ];
    for (const input of inputs) {
      const start = performance.now();
      expect(Array.isArray(extractUrlsFromHtml(input))).toBe(true);
      expect(performance.now() - start).toBeLessThan(2000);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(Array.isArray(extractUrlsFromHtml(`<a href="${s}">${s}</a>${s}`))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('decodeEntities', () => {
  it('decodes numeric and common named entities', () => {
    expect(decodeEntities('a&amp;b &lt;&gt; &#104;&#x74;&#X74;p &nbsp; &unknown; &#0; &#xD800;')).toBe(
      'a&b <> http \u00a0 &unknown; \ufffd \ufffd',
    );
  });
});
