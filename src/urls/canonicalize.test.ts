import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../errors.ts';
import { canonicalizeUrl, canonicalizeUrlParts, MAX_URL_BYTES, normaliseIpv4 } from './canonicalize.ts';

function errorCode(input: string): string {
  try {
    canonicalizeUrl(input);
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return 'no error';
}

// shared/docs/DOMAIN.md, "Safe Browsing URL canonicalisation and hash prefixes".
const DOMAIN_MD_VECTORS: Array<[string, string]> = [
  ['http://host/%25%32%35', 'http://host/%25'],
  ['http://host/%%%25%32%35asd%%', 'http://host/%25%25%25asd%25%25'],
  [
    'http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/',
    'http://168.188.99.26/.secure/www.ebay.com/',
  ],
  ['http://www.google.com/blah/..', 'http://www.google.com/'],
  ['http://www.google.com/q?r?s', 'http://www.google.com/q?r?s'],
  ['http://evil.com/foo#bar#baz', 'http://evil.com/foo'],
  ['http://host.com//twoslashes?more//slashes', 'http://host.com/twoslashes?more//slashes'],
  ['http://3279880203/', 'http://195.127.0.11/'],
  ['http://012.034.01.055/', 'http://10.28.1.45/'],
  // "http://www.\xC3\xBCmlat.com/": the bytes C3 BC are the UTF-8 of 'ü'; both spellings must agree.
  ['http://www.\u00fcmlat.com/', 'http://www.xn--mlat-zra.com/'],
  ['http://www.%C3%BCmlat.com/', 'http://www.xn--mlat-zra.com/'],
];

// The published Safe Browsing canonicalisation examples (developers.google.com/safe-browsing/v4/urls-hashing).
const GOOGLE_DOC_VECTORS: Array<[string, string]> = [
  ['http://host/%25%32%35', 'http://host/%25'],
  ['http://host/%25%32%35%25%32%35', 'http://host/%25%25'],
  ['http://host/%2525252525252525', 'http://host/%25'],
  ['http://host/asdf%25%32%35asd', 'http://host/asdf%25asd'],
  ['http://host/%%%25%32%35asd%%', 'http://host/%25%25%25asd%25%25'],
  ['http://www.google.com/', 'http://www.google.com/'],
  [
    'http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/',
    'http://168.188.99.26/.secure/www.ebay.com/',
  ],
  [
    'http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/',
    'http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/',
  ],
  [
    'http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B',
    'http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+',
  ],
  ['http://3279880203/blah', 'http://195.127.0.11/blah'],
  ['http://www.google.com/blah/..', 'http://www.google.com/'],
  ['www.google.com/', 'http://www.google.com/'],
  ['www.google.com', 'http://www.google.com/'],
  ['http://www.evil.com/blah#frag', 'http://www.evil.com/blah'],
  ['http://www.GOOgle.com/', 'http://www.google.com/'],
  ['http://www.google.com.../', 'http://www.google.com/'],
  ['http://www.google.com/foo\tbar\rbaz\n2', 'http://www.google.com/foobarbaz2'],
  ['http://www.google.com/q?', 'http://www.google.com/q?'],
  ['http://www.google.com/q?r?', 'http://www.google.com/q?r?'],
  ['http://www.google.com/q?r?s', 'http://www.google.com/q?r?s'],
  ['http://evil.com/foo#bar#baz', 'http://evil.com/foo'],
  ['http://evil.com/foo;', 'http://evil.com/foo;'],
  ['http://evil.com/foo?bar;', 'http://evil.com/foo?bar;'],
  // "http://\x01\x80.com/" is a byte vector: 0x80 alone is not UTF-8, so it is written escaped here
  // (a JS string '\x80' is U+0080, whose UTF-8 is C2 80; see the IDN tests below).
  ['http://%01%80.com/', 'http://%01%80.com/'],
  ['http://notrailingslash.com', 'http://notrailingslash.com/'],
  ['http://www.gotaport.com:1234/', 'http://www.gotaport.com/'],
  ['  http://www.google.com/  ', 'http://www.google.com/'],
  ['http:// leadingspace.com/', 'http://%20leadingspace.com/'],
  ['http://%20leadingspace.com/', 'http://%20leadingspace.com/'],
  ['%20leadingspace.com/', 'http://%20leadingspace.com/'],
  ['https://www.securesite.com/', 'https://www.securesite.com/'],
  ['http://host.com/ab%23cd', 'http://host.com/ab%23cd'],
  ['http://host.com//twoslashes?more//slashes', 'http://host.com/twoslashes?more//slashes'],
];

// Extra vectors from Google's reference client (github.com/google/safebrowsing urls_test.go), adapted
// where that client differs on purpose: it drops the query (the published vectors keep it) and writes
// lowercase hex (the documentation asks for uppercase).
const REFERENCE_CLIENT_VECTORS: Array<[string, string]> = [
  ['http://some%1bhost.com/%1b', 'http://some%1Bhost.com/%1B'],
  ['http://www.google.com/q?r?s%3F', 'http://www.google.com/q?r?s?'],
  ['http://[2001:470:1:18::114]/', 'http://[2001:470:1:18::114]/'],
  ['http%3A%2F%2Fwackyurl.com:80/', 'http://wackyurl.com/'],
  ['http://W!eird<>Ho$^.com/', 'http://w!eird<>ho$^.com/'],
  ['http://i.have.way.too.many.dots.com/', 'http://i.have.way.too.many.dots.com/'],
  // canonical host
  ['http://www.google.com/foo.html', 'http://www.google.com/foo.html'],
  ['http://google.com./foo.html', 'http://google.com/foo.html'],
  ['http://google.com.:8080/foo.html', 'http://google.com/foo.html'],
  ['http://google...com/foo.html', 'http://google.com/foo.html'],
  ['http://..google.com/foo.html', 'http://google.com/foo.html'],
  [
    'http://[FEDC:BA98:7654:3210:FEDC:BA98:7654:3210]:80/index.html',
    'http://[fedc:ba98:7654:3210:fedc:ba98:7654:3210]/index.html',
  ],
  ['http://[::192.9.5.5]/ipng', 'http://[::192.9.5.5]/ipng'],
  ['http://0x12.0x43.0x44.0x01', 'http://18.67.68.1/'],
  ['http://192.168.0.1:80/index.html', 'http://192.168.0.1/index.html'],
  // canonical path
  ['http://a.com', 'http://a.com/'],
  ['http://a.com/foo/.././bar/./../foo.html', 'http://a.com/foo.html'],
  ['http://a.com/a/b/', 'http://a.com/a/b/'],
  ['http://a.com/a/b/c', 'http://a.com/a/b/c'],
  ['http://a.com//a//b///c////', 'http://a.com/a/b/c/'],
  [
    'http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/?query#fragment',
    'http://168.188.99.26/.secure/www.ebay.com/?query',
  ],
  // URLs without a scheme, with a port
  ['www.google.com:8080/foo.html', 'http://www.google.com/foo.html'],
  ['www.google.com:80/', 'http://www.google.com/'],
  ['www.google.com:80', 'http://www.google.com/'],
  ['http://www.google.com:8080/foo.html', 'http://www.google.com/foo.html'],
];

const MUST_FAIL: Array<[string, string]> = [
  ['', 'url.invalid'],
  [':', 'url.invalid'],
  ['/blah', 'url.invalid'],
  ['#ref', 'url.invalid'],
  ['/blah#ref', 'url.invalid'],
  ['?query#ref', 'url.invalid'],
  ['/blah?query#ref', 'url.invalid'],
  ['/blah;param', 'url.invalid'],
  ['http://#ref', 'url.invalid'],
  ['http:///blah', 'url.invalid'],
  ['http:///blah#ref', 'url.invalid'],
  ['http://?query#ref', 'url.invalid'],
  ['http:///blah?query#ref', 'url.invalid'],
  ['http:///blah;param', 'url.invalid'],
  ['http:///blah;param?query#ref', 'url.invalid'],
  ['http:www.google.com:8080/foo.html', 'url.invalid'],
  [':8080/foo.html', 'url.invalid'], // the reference client accepts an empty host here; we do not
  ['   ', 'url.invalid'],
  ['http://...', 'url.invalid'],
  ['mailto:bryner@google.com', 'url.unsupported_scheme'],
  ['www.google.com:xxyy/foo.html:80', 'url.unsupported_scheme'],
  ['ftp://ftp.myfiles.com/', 'url.unsupported_scheme'],
  ['javascript:alert(1)', 'url.unsupported_scheme'],
  ['hxxp://evil.example/', 'url.unsupported_scheme'],
  ['data:text/html,<script>alert(1)</script>', 'url.unsupported_scheme'],
];

describe('canonicalizeUrl: DOMAIN.md vectors', () => {
  it.each(DOMAIN_MD_VECTORS)('%j → %j', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });
});

describe('canonicalizeUrl: published Safe Browsing vectors', () => {
  it.each(GOOGLE_DOC_VECTORS)('%j → %j', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });
});

describe('canonicalizeUrl: reference client vectors', () => {
  it.each(REFERENCE_CLIENT_VECTORS)('%j → %j', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });
});

describe('canonicalizeUrl: rejects', () => {
  it.each(MUST_FAIL)('%j with %s', (input, code) => {
    expect(errorCode(input)).toBe(code);
  });

  it('rejects more than 8 KiB, counted in UTF-8 bytes', () => {
    expect(errorCode(`http://a.com/${'a'.repeat(MAX_URL_BYTES)}`)).toBe('url.too_long');
    expect(errorCode(`http://a.com/${'あ'.repeat(3000)}`)).toBe('url.too_long'); // 3,013 chars, 9,013 bytes
    expect(canonicalizeUrl(`http://a.com/${'a'.repeat(MAX_URL_BYTES - 13)}`)).toHaveLength(MAX_URL_BYTES);
  });

  it('throws AppError with the input in details', () => {
    try {
      canonicalizeUrl('http:///blah');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toEqual({ input: 'http:///blah' });
    }
  });

  it('rejects bad ports and colons in host names', () => {
    expect(errorCode('http://a.com:99999/')).toBe('url.invalid');
    expect(errorCode('http://a:b:80/')).toBe('url.invalid');
  });
});

describe('canonicalizeUrl: IPv4 forms', () => {
  // Reference client TestParseIPAddress.
  it.each([
    ['123.123.0.0.1', null],
    ['255.0.0.1', '255.0.0.1'],
    ['12.0x12.01234', '12.18.2.156'],
    ['276.2.3', '20.2.0.3'],
    ['012.034.01.055', '10.28.1.45'],
    ['0x12.0x43.0x44.0x01', '18.67.68.1'],
    ['167838211', '10.1.2.3'],
    ['3279880203', '195.127.0.11'],
    ['4294967295', '255.255.255.255'],
    ['10.192.95.89 xy', '10.192.95.89'],
    ['1.2.3.00x0', null],
    ['4294967296', null],
    ['08.1.1.1', null],
    ['example.com', null],
  ])('normaliseIpv4(%j) = %j', (host, expected) => {
    expect(normaliseIpv4(host)).toBe(expected);
  });

  it('normalises IPv4 hosts inside URLs and marks them', () => {
    expect(canonicalizeUrl('http://0xC37F000B/x')).toBe('http://195.127.0.11/x');
    expect(canonicalizeUrl('http://0300.0177.0.013/')).toBe('http://192.127.0.11/');
    expect(canonicalizeUrl('http://127.1/')).toBe('http://127.0.0.1/');
    expect(canonicalizeUrlParts('http://127.1/').hostKind).toBe('ipv4');
    expect(canonicalizeUrl('http://１９２．１６８．０．１/')).toBe('http://192.168.0.1/');
  });
});

describe('canonicalizeUrl: IPv6 hosts', () => {
  it('keeps the brackets, lowercases, drops the port', () => {
    expect(canonicalizeUrl('https://[2001:DB8::A]:8443/Login')).toBe('https://[2001:db8::a]/Login');
    expect(canonicalizeUrl('[2001:470:1:18::114]/a/b')).toBe('http://[2001:470:1:18::114]/a/b');
    const parts = canonicalizeUrlParts('http://[::1]:8080/');
    expect(parts).toMatchObject({ host: '[::1]', hostKind: 'ipv6', port: 8080 });
  });

  it('rejects malformed literals', () => {
    expect(errorCode('http://[2001:db8::1/')).toBe('url.invalid');
    expect(errorCode('http://[zz::1]/')).toBe('url.invalid');
    expect(errorCode('http://[::1]x/')).toBe('url.invalid');
  });
});

describe('canonicalizeUrl: IDN and bytes', () => {
  it('converts Unicode hosts to punycode, raw or escaped', () => {
    expect(canonicalizeUrl('https://例え.テスト/パス')).toBe(
      'https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9',
    );
    expect(canonicalizeUrl('https://%E4%BE%8B%E3%81%88.jp/')).toBe('https://xn--r8jz45g.jp/');
    expect(canonicalizeUrl('http://ÜMLAT.com/')).toBe('http://xn--mlat-zra.com/');
  });

  it('drops invisible characters that IDNA maps away (soft hyphen, BOM) as seen in JPCERT/CC data', () => {
    expect(canonicalizeUrl('http://amazon\u00ad.co\u00ad.jp\u00ad.8a74.xyz')).toBe(
      'http://amazon.co.jp.8a74.xyz/',
    );
    expect(canonicalizeUrl('https://\ufeffsmbc-card.example.cn/')).toBe('https://smbc-card.example.cn/');
  });

  it('trims Unicode whitespace such as U+3000 and escapes non-ASCII path and query bytes', () => {
    expect(canonicalizeUrl('\u3000https://h.example/etc.php?nov8=0\u3000')).toBe(
      'https://h.example/etc.php?nov8=0',
    );
    expect(canonicalizeUrl('http://a.example/%E3%81%82?あ#x')).toBe('http://a.example/%E3%81%82?%E3%81%82');
  });

  it('rejects hosts IDNA cannot convert (a raw U+0080 control)', () => {
    expect(errorCode('http://\x01\x80.com/')).toBe('url.invalid');
  });
});

describe('canonicalizeUrl: userinfo, fragments, paths', () => {
  it('drops userinfo, even escaped (JPCERT/CC: yahoo%2Eco%2Ejp@…)', () => {
    expect(canonicalizeUrl('http://yahoo%2Eco%2Ejp@my-jcb.serv-jp.cc/')).toBe('http://my-jcb.serv-jp.cc/');
    expect(canonicalizeUrl('https://user:pass@Example.COM:8443/a')).toBe('https://example.com/a');
  });

  it('resolves dot segments that only appear after unescaping', () => {
    expect(canonicalizeUrl('http://a.example/b%2F..%2Fc')).toBe('http://a.example/c');
    expect(canonicalizeUrl('http://a.example/a/b/../../../x/./y/.')).toBe('http://a.example/x/y/');
  });

  it('accepts protocol-relative URLs as http', () => {
    expect(canonicalizeUrl('//cdn.example.com/x.js')).toBe('http://cdn.example.com/x.js');
  });

  it('returns the parts it assembled', () => {
    expect(canonicalizeUrlParts('HTTPS://Sub.Example.co.jp:8443/a/../b?q=1#f')).toEqual({
      canonical: 'https://sub.example.co.jp/b?q=1',
      scheme: 'https',
      host: 'sub.example.co.jp',
      hostKind: 'domain',
      path: '/b',
      query: 'q=1',
      port: 8443,
    });
  });
});

// URL-ish strings: pieces that exercise every step (escapes, dots, IPs, IDN, ports, userinfo, junk).
const urlPiece = fc.constantFrom(
  'http://',
  'https://',
  'HTTP://',
  '//',
  'www.',
  'a',
  'B',
  '.',
  '..',
  '/',
  '//',
  '/./',
  '/../',
  '?',
  '#',
  '&',
  '=',
  '@',
  ':',
  ':80',
  '[',
  ']',
  '[::1]',
  '%',
  '%25',
  '%2e',
  '%2F',
  '%3F',
  '%23',
  '%40',
  '%00',
  '%80',
  '%C3%BC',
  '%ZZ',
  '0x7f',
  '012',
  '3279880203',
  '1.2.3.4',
  ' ',
  '\t',
  '\n',
  'ü',
  'あ',
  '\u00ad',
  '\ufeff',
  '\u3000',
  'xn--',
  'com',
  'jp',
);
const urlish = fc.oneof(
  fc.array(urlPiece, { maxLength: 24 }).map((pieces) => pieces.join('')),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 60 }).map((s) => `http://${s}`),
);

describe('canonicalizeUrl: properties', () => {
  it('is idempotent and only ever throws AppError', () => {
    fc.assert(
      fc.property(urlish, (input) => {
        let once: string;
        try {
          once = canonicalizeUrl(input);
        } catch (error) {
          expect(isAppError(error)).toBe(true);
          return;
        }
        expect(canonicalizeUrl(once)).toBe(once);
      }),
      { numRuns: 5000 },
    );
  });

  it('produces printable ASCII starting with http(s)://', () => {
    fc.assert(
      fc.property(urlish, (input) => {
        try {
          expect(canonicalizeUrl(input)).toMatch(/^https?:\/\/[\x21-\x7e]+$/);
        } catch (error) {
          expect(isAppError(error)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('takes bounded time on 100 KB of junk and on worst-case 8 KiB inputs', () => {
    const junk = fc.sample(fc.string({ unit: 'binary', minLength: 100_000, maxLength: 100_000 }), 3);
    const worst = [
      `http://a/%${'25'.repeat(4090)}`, // one level of escaping per pass: ~4,000 passes
      `http://a/${'%25'.repeat(2700)}`,
      `http://${'.'.repeat(8000)}`,
      `http://a/${'/..'.repeat(2700)}`,
      `http://${'0x1.'.repeat(2000)}`,
      `http://${'['.repeat(8000)}`,
    ];
    const start = performance.now();
    for (const input of [...junk, ...worst]) {
      try {
        canonicalizeUrl(input);
      } catch (error) {
        expect(isAppError(error)).toBe(true);
      }
    }
    expect(canonicalizeUrl(worst[0]!)).toBe('http://a/%25');
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
