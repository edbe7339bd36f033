import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { analyzeUrl } from './analyze.ts';
import * as api from './index.ts';

describe('analyzeUrl', () => {
  it('combines canonical form, host breakdown and features', () => {
    expect(
      analyzeUrl(
        'HTTPS://User@Www.Amazon.co.jp.A686D7F83A222B0DFEC648BFF48B1CBD.example.co.jp:8443/a/../Login?x=1#f',
      ),
    ).toEqual({
      input:
        'HTTPS://User@Www.Amazon.co.jp.A686D7F83A222B0DFEC648BFF48B1CBD.example.co.jp:8443/a/../Login?x=1#f',
      canonical: 'https://www.amazon.co.jp.a686d7f83a222b0dfec648bff48b1cbd.example.co.jp/Login?x=1',
      scheme: 'https',
      host: 'www.amazon.co.jp.a686d7f83a222b0dfec648bff48b1cbd.example.co.jp',
      unicodeHost: 'www.amazon.co.jp.a686d7f83a222b0dfec648bff48b1cbd.example.co.jp',
      registrableDomain: 'example.co.jp',
      publicSuffix: 'co.jp',
      tld: 'jp',
      isIp: false,
      path: '/Login?x=1',
      // Kept for visits (the canonical form, for look-ups and hashes, has no port).
      port: 8443,
      features: ['random_subdomain', 'non_standard_port'],
    });
  });

  it('reports IDN hosts in both forms and IPs without a domain', () => {
    expect(analyzeUrl('http://例え.jp/')).toMatchObject({
      host: 'xn--r8jz45g.jp',
      unicodeHost: '例え.jp',
      registrableDomain: 'xn--r8jz45g.jp',
      features: ['punycode'],
    });
    expect(analyzeUrl('http://0x7f.1/x')).toMatchObject({
      host: '127.0.0.1',
      isIp: true,
      registrableDomain: null,
      tld: null,
      path: '/x',
      features: ['ip_host'],
    });
  });

  it('throws AppError for input that is not an http(s) URL', () => {
    for (const input of ['', '/blah', 'http:///blah', 'mailto:a@b.c', 'hhttps://x.example/']) {
      try {
        analyzeUrl(input);
        expect.unreachable(input);
      } catch (error) {
        expect(isAppError(error)).toBe(true);
      }
    }
  });

  it('refuses hosts that could not be a domain name (intake must not store text as URLs)', () => {
    for (const input of ['<script>alert(1)</script>', 'hello', 'foo bar', 'http://example.123/']) {
      expect(() => analyzeUrl(input), input).toThrowError(/not a domain name|invalid/);
    }
    for (const input of [
      'http://a_b.example.com/',
      'http://1.2.3.4/',
      'http://[::1]/x',
      'phish.example.test/login',
    ]) {
      expect(analyzeUrl(input).canonical, input).toMatch(/^http:\/\//);
    }
  });

  it('undoes defanging before it analyses', () => {
    expect(analyzeUrl('hxxps://amazon-co-jp.signin-verify[.]xyz/ap/signin').canonical).toBe(
      'https://amazon-co-jp.signin-verify.xyz/ap/signin',
    );
    expect(analyzeUrl('http://[::1]/x').host).toBe('[::1]');
  });

  it('is exported with the rest of the public API', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'MAX_EXTRACTED_URLS',
        'MAX_EXTRACT_INPUT',
        'MAX_URL_BYTES',
        'analyzeUrl',
        'canonicalizeUrl',
        'canonicalizeUrlParts',
        'decodeEntities',
        'defang',
        'defangText',
        'extractUrls',
        'extractUrlsFromHtml',
        'fullHashes',
        'hashPrefix',
        'isKnownPublicSuffix',
        'looksRandomLabel',
        'lookupExpressions',
        'maskUrl',
        'parseHost',
        'refang',
        'sha256Hex',
        'urlFeatures',
      ].sort(),
    );
  });

  it('handles every URL of the JPCERT/CC list quickly, rejecting only non-http(s) typos', () => {
    const dir = path.resolve(process.cwd(), '../shared/data/jpcert-phishurl');
    const urls: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
      const rows = parse(readFileSync(path.join(dir, file)), {
        columns: true,
        bom: true,
        relax_column_count: true,
      }) as Array<{ URL?: string }>;
      for (const row of rows) if (row.URL) urls.push(row.URL);
    }
    expect(urls.length).toBeGreaterThan(160_000);
    const rejected: string[] = [];
    const start = performance.now();
    for (const url of urls) {
      try {
        const analysis = analyzeUrl(url);
        if (analysis.canonical !== api.canonicalizeUrl(analysis.canonical))
          throw new Error(`unstable: ${url}`);
      } catch (error) {
        if (!isAppError(error)) throw error;
        rejected.push(url);
      }
    }
    const elapsed = performance.now() - start;
    // Rejects are scheme typos (hhttps://, ttps://, htps://) and one "https:///host" (21 in the 2019–2023 list).
    expect(rejected.length).toBeLessThan(50);
    for (const url of rejected) expect(url).toMatch(/^(?!https?:\/\/[^/])/i);
    expect(elapsed).toBeLessThan(10_000); // includes a second canonicalisation; the benchmark is bench/urls.ts
  });
});
