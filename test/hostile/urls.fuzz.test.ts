import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeUrl } from '../../src/urls/analyze.ts';
import { canonicalizeUrl, MAX_URL_BYTES } from '../../src/urls/canonicalize.ts';
import { defang, refang } from '../../src/urls/defang.ts';
import { lookupExpressions } from '../../src/urls/expressions.ts';
import { extractUrls, extractUrlsFromHtml, MAX_EXTRACTED_URLS } from '../../src/urls/extract.ts';
import { underBudget } from './budget.ts';

/** Pieces attackers and broken senders put into URLs: escapes, IPs in odd bases, IDN, brackets, dots. */
const urlPiece = fc.constantFrom(
  'http://',
  'https://',
  'hxxp://',
  'hXXps[:]//',
  '//',
  'mailto:',
  'javascript:',
  ':',
  '@',
  '[',
  ']',
  '[.]',
  '(.)',
  '%',
  '%2',
  '%25',
  '%252525',
  '%00',
  '%2e',
  '%2F',
  '..',
  '/./',
  '/../',
  '.',
  '..',
  '?',
  '#',
  '&',
  '=',
  '0x7f',
  '0177',
  '3279880203',
  '127.0.0.1',
  '[::1]',
  '[fe80::1%25eth0]',
  ':65536',
  ':0',
  ':99999999',
  'xn--',
  'xn--zz',
  'ｅｘａｍｐｌｅ',
  'пример',
  '例え',
  '\u200b',
  '\ufeff',
  '\t',
  '\n',
  ' ',
  '\\',
  '\u0000',
  'example.com',
  'a.b.c.d.e.f.g',
  'co.jp',
  'login',
  'www.',
  '\ud800',
  '😀',
  '&amp;',
  '&#x2e;',
);
const hostileUrl = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.array(urlPiece, { maxLength: 40 }).map((p) => p.join('')),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  fc.tuple(fc.webUrl(), fc.array(urlPiece, { maxLength: 10 })).map(([u, p]) => u + p.join('')),
);

describe('URL canonicaliser under hostile input', () => {
  it('returns a canonical http(s) URL or throws an AppError, within budget, and is idempotent', async () => {
    await fc.assert(
      fc.asyncProperty(hostileUrl, async (input) => {
        const r = await underBudget(
          () => canonicalizeUrl(input),
          `canonicalizeUrl(${JSON.stringify(input)})`,
        );
        if (!r.ok) return;
        expect(r.value).toMatch(/^https?:\/\/[^\s#]+$/);
        // A canonical URL is its own canonical form, and its lookup expressions are bounded.
        expect(canonicalizeUrl(r.value)).toBe(r.value);
        expect(lookupExpressions(r.value).length).toBeLessThanOrEqual(30);
      }),
      { numRuns: 2000 },
    );
  });

  it('analyzeUrl and refang/defang never throw anything but AppError', async () => {
    await fc.assert(
      fc.asyncProperty(hostileUrl, async (input) => {
        await underBudget(() => analyzeUrl(input), 'analyzeUrl');
        const d = await underBudget(() => defang(input), 'defang');
        await underBudget(() => refang(input), 'refang');
        // The leading scheme is always defanged (URLs nested in the path/query are left as they are).
        if (d.ok) expect(d.value).not.toMatch(/^\s*https?:\/\//i);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects oversized and pathological inputs quickly', async () => {
    for (const input of [
      `http://a.com/${'a'.repeat(MAX_URL_BYTES)}`,
      `http://${'a.'.repeat(5000)}com/`,
      `http://x.com/${'%25'.repeat(2700)}`,
      `http://x.com/${'/..'.repeat(2700)}`,
      `http://${'[:'.repeat(4000)}`,
      `http://x.com/${'あ'.repeat(3000)}`,
    ]) {
      const r = await underBudget(() => canonicalizeUrl(input), `pathological ${input.slice(0, 30)}`);
      if (input.length > MAX_URL_BYTES) expect(r.ok).toBe(false);
    }
  });
});

/** Text around URLs: Japanese, brackets, defanged forms, HTML fragments. */
const textPiece = fc.oneof(
  urlPiece,
  fc.constantFrom(
    'こちら：',
    '【重要】',
    '）',
    '（',
    '「',
    '」',
    '<a href="',
    '">',
    '</a>',
    '<',
    '>',
    "'",
    '"',
    '\r\n',
  ),
  fc.webUrl(),
  fc.string({ maxLength: 20 }),
);
const hostileText = fc.oneof(
  fc.string({ maxLength: 2000 }),
  fc.array(textPiece, { maxLength: 200 }).map((p) => p.join('')),
);

describe('text and HTML URL extractors under hostile input', () => {
  it('never throw, stay within budget and return bounded lists of strings', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const a = await underBudget(() => extractUrls(text), 'extractUrls');
        const b = await underBudget(() => extractUrlsFromHtml(text), 'extractUrlsFromHtml');
        // Extraction itself never throws, not even AppError.
        expect(a.ok && b.ok).toBe(true);
        for (const list of [a, b]) {
          if (!list.ok) continue;
          expect(list.value.length).toBeLessThanOrEqual(MAX_EXTRACTED_URLS);
          for (const u of list.value) expect(typeof u).toBe('string');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('handles megabyte inputs built to be slow (repeats, unbalanced brackets, entity floods)', async () => {
    const mb = 1024 * 1024;
    const inputs = [
      'http://x.com/'.padEnd(2 * mb, ')'),
      'a.'.repeat(mb),
      'http://'.repeat(mb / 7),
      '&#x2e;'.repeat(mb / 6),
      '<a href="'.repeat(mb / 9),
      'ｈｔｔｐｓ：／／'.repeat(mb / 8),
      'x.com/ '.repeat(mb / 7),
      `https://${'a'.repeat(3 * mb)}`,
    ];
    for (const text of inputs) {
      const a = await underBudget(() => extractUrls(text), `extractUrls ${text.slice(0, 12)}…`);
      const b = await underBudget(
        () => extractUrlsFromHtml(text),
        `extractUrlsFromHtml ${text.slice(0, 12)}…`,
      );
      expect(a.ok && a.value.length <= MAX_EXTRACTED_URLS).toBe(true);
      expect(b.ok && b.value.length <= MAX_EXTRACTED_URLS).toBe(true);
    }
  });

  it('caps the number of URLs taken from one text', async () => {
    const text = Array.from(
      { length: MAX_EXTRACTED_URLS + 500 },
      (_, i) => `https://h${i}.example.com/`,
    ).join(' ');
    const r = await underBudget(() => extractUrls(text), 'many URLs');
    expect(r.ok && r.value.length).toBe(MAX_EXTRACTED_URLS);
  });
});
