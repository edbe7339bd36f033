import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeedEntry } from '../../src/feeds/feed-item.ts';
import { readGeneric } from '../../src/feeds/generic.ts';
import { readJpcertCsv } from '../../src/feeds/jpcert.ts';
import { streamJsonArray } from '../../src/feeds/json-stream.ts';
import { readMispEvent, readMispManifest } from '../../src/feeds/misp.ts';
import { readOpenphish } from '../../src/feeds/openphish.ts';
import { readPhishtankCsv, readPhishtankJson } from '../../src/feeds/phishtank.ts';
import { readStixBundle } from '../../src/feeds/stix.ts';
import { urlsFromPattern } from '../../src/feeds/stix-pattern.ts';
import { readUrlhausCsv } from '../../src/feeds/urlhaus.ts';
import { drain, underBudget } from './budget.ts';

/** A byte stream in arbitrary chunks (chunk boundaries inside quotes, escapes and UTF-8 sequences). */
function streamOf(text: string, cut: number[]): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  let at = 0;
  for (const c of cut) {
    const end = Math.min(bytes.length, at + 1 + (c % 64));
    chunks.push(bytes.subarray(at, end));
    at = end;
  }
  if (at < bytes.length) chunks.push(bytes.subarray(at));
  return Readable.from(chunks, { objectMode: false });
}

const cell = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.webUrl(),
  fc.constantFrom(
    '"',
    '""',
    '"a,b"',
    '\r',
    '\n',
    '\r\n',
    ',',
    '\t',
    ';',
    '#',
    '\ufeff',
    '2024/01/02 03:04:05',
    'id',
    'url',
  ),
);
const csvText = fc.oneof(
  fc.string({ maxLength: 2000 }),
  fc
    .array(fc.array(cell, { maxLength: 12 }), { maxLength: 60 })
    .map((rows) => rows.map((r) => r.join(',')).join('\n')),
  fc
    .array(fc.array(cell, { maxLength: 4 }), { maxLength: 60 })
    .map((rows) => `date,URL,description\n${rows.map((r) => r.join(',')).join('\r\n')}`),
);
const cuts = fc.array(fc.nat(), { maxLength: 30 });

type Reader = (input: Readable) => AsyncIterable<FeedEntry>;
const TEXT_READERS: [string, Reader][] = [
  ['jpcert', (i) => readJpcertCsv(i)],
  ['urlhaus', (i) => readUrlhausCsv(i)],
  ['phishtank-csv', (i) => readPhishtankCsv(i)],
  ['openphish', (i) => readOpenphish(i)],
  ['generic-csv', (i) => readGeneric(i, { url: 1, date: 0, brand: 2, id: 3 })],
  ['generic-header', (i) => readGeneric(i, { url: 'url', date: 'date', timezone: '+09:00' })],
  ['generic-txt', (i) => readGeneric(i, { format: 'txt', url: 0, comment: '#' })],
];

function checkEntries(entries: FeedEntry[]) {
  for (const e of entries) {
    if ('item' in e) {
      expect(typeof e.item.url).toBe('string');
      expect(typeof e.item.externalId).toBe('string');
      expect(e.item.externalId.length).toBeGreaterThan(0);
    } else {
      expect(typeof e.rejected.reason).toBe('string');
    }
  }
}

describe('feed readers under hostile input', () => {
  for (const [name, read] of TEXT_READERS) {
    it(`${name}: every row becomes an item or a rejection, no crash, bounded time`, async () => {
      await fc.assert(
        fc.asyncProperty(csvText, cuts, async (text, cut) => {
          const r = await underBudget(() => drain(read(streamOf(text, cut))), name);
          if (r.ok) checkEntries(r.value);
        }),
        { numRuns: 150 },
      );
    });
  }

  const jsonish = fc.oneof(
    fc.string({ maxLength: 500 }),
    fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
    fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 20 }).map((v) => JSON.stringify(v)),
    fc
      .array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 20 })
      .map((objects) => JSON.stringify({ type: 'bundle', objects })),
    fc.tuple(fc.jsonValue(), fc.nat(200)).map(([v, n]) => JSON.stringify([v]).slice(0, n)),
    fc.constantFrom(
      '[',
      '[[[[',
      '{"objects":[',
      '["\\',
      '[{"url":"\\u12',
      '\ufeff[]',
      '[1,,2]',
      '{"objects":{}}',
    ),
  );

  for (const [name, read] of [
    ['phishtank-json', (i: Readable) => readPhishtankJson(i)],
    ['stix-bundle', (i: Readable) => readStixBundle(i)],
  ] as const) {
    it(`${name}: malformed and truncated JSON becomes rejections, no crash`, async () => {
      await fc.assert(
        fc.asyncProperty(jsonish, cuts, async (text, cut) => {
          const r = await underBudget(() => drain(read(streamOf(text, cut))), name);
          if (r.ok) checkEntries(r.value);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('STIX objects with hostile fields and patterns', async () => {
    const pattern = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            "[url:value = 'http://a.com/x'",
            ']',
            ' OR ',
            ' AND ',
            '(',
            ')',
            "'",
            "\\'",
            'IN (',
            ' NOT ',
            'url:value',
            ' LIKE ',
            'FOLLOWEDBY',
            ' = ',
          ),
          { maxLength: 60 },
        )
        .map((p) => p.join('')),
    );
    await fc.assert(
      fc.asyncProperty(pattern, fc.jsonValue({ maxDepth: 3 }), async (p, extra) => {
        await underBudget(() => urlsFromPattern(p), 'urlsFromPattern');
        const bundle = JSON.stringify({
          type: 'bundle',
          objects: [
            {
              type: 'indicator',
              id: 'indicator--1',
              pattern: p,
              pattern_type: 'stix',
              object_marking_refs: extra,
            },
            { type: 'url', id: 'url--1', value: p, extra },
            {
              type: 'marking-definition',
              id: 'marking-definition--x',
              definition_type: 'tlp',
              definition: extra,
            },
          ],
        });
        const r = await underBudget(() => drain(readStixBundle(Readable.from([bundle]))), 'stix');
        if (r.ok) checkEntries(r.value);
      }),
      { numRuns: 300 },
    );
  });

  it('MISP events and manifests of any shape', async () => {
    const attr = fc.record(
      {
        type: fc.constantFrom('url', 'link', 'domain', 'x'),
        value: fc.oneof(fc.webUrl(), fc.string()),
        to_ids: fc.oneof(fc.boolean(), fc.jsonValue()),
        uuid: fc.oneof(fc.uuid(), fc.string()),
        deleted: fc.jsonValue(),
        Tag: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    );
    const event = fc.oneof(
      fc.jsonValue({ maxDepth: 5 }),
      fc.record({
        Event: fc.record(
          {
            Attribute: fc.array(attr, { maxLength: 10 }),
            Object: fc.oneof(
              fc.jsonValue({ maxDepth: 3 }),
              fc.array(
                fc.record({
                  name: fc.constantFrom('phishing', 'x'),
                  Attribute: fc.array(attr, { maxLength: 5 }),
                }),
                { maxLength: 5 },
              ),
            ),
            Tag: fc.jsonValue({ maxDepth: 2 }),
            date: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(event, async (doc) => {
        const r = await underBudget(() => readMispEvent(doc), 'readMispEvent');
        if (r.ok) checkEntries(r.value);
        // The manifest reader signals a wrong shape with an Error its caller turns into an AppError.
        try {
          readMispManifest(doc);
        } catch (e) {
          expect((e as Error).message).toMatch(/manifest/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('JSON array streaming: deep nesting, huge strings and unterminated documents', async () => {
    const mb = 1024 * 1024;
    const cases = [
      '['.repeat(200_000),
      `[${'['.repeat(100_000)}${']'.repeat(100_000)}]`,
      `["${'a'.repeat(4 * mb)}`,
      `[${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}]`,
      `{"objects":[${'"\\\\",'.repeat(mb / 4)}1]}`,
    ];
    for (const text of cases) {
      const r = await underBudget(
        () => drain(streamJsonArray(streamOf(text, [5000, 70_000]))),
        'streamJsonArray',
      );
      expect(r.ok).toBe(true);
    }
  });

  it('CSV: one enormous unterminated quoted field is rejected, not buffered forever', async () => {
    const text = `date,URL,description\n2024/01/02 03:04:05,"http://a.com/${'x'.repeat(8 * 1024 * 1024)}`;
    const r = await underBudget(() => drain(readJpcertCsv(Readable.from([Buffer.from(text)]))), 'huge quote');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.every((e) => 'rejected' in e)).toBe(true);
  });
});
