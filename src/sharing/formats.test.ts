import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readJpcertCsv } from '../feeds/jpcert.ts';
import { urlsFromPattern } from '../feeds/stix-pattern.ts';
import { collectEntries, textStream } from '../feeds/testing/loopback.ts';
import { analyzeUrl } from '../urls/index.ts';
import { createDomainProtection, domainBlocklist, urlBlocklist } from './blocklist.ts';
import { jpcertCsv, neutraliseCell, sharedUrlJson, sharedUrlsCsv } from './export-csv.ts';
import type { SharedUrl } from './sharing.repository.ts';
import { createStixBuilder, stixUrlPattern } from './stix-export.ts';
import { createStixValidator } from './testing/stix-validator.ts';

let n = 0;
function shared(url: string, extra: Partial<SharedUrl> = {}): SharedUrl {
  const a = analyzeUrl(url);
  n++;
  return {
    urlId: n,
    url: a.canonical,
    host: a.host,
    domain: a.registrableDomain,
    tlp: 'clear',
    active: true,
    threat: 'phishing',
    features: a.features,
    brandId: null,
    brandSlug: null,
    brandName: null,
    brandNameJa: null,
    stixId: null,
    firstSeen: Date.UTC(2026, 4, 1, 3, 4, 5, 678),
    lastSeen: Date.UTC(2026, 4, 2),
    listedAt: Date.UTC(2026, 4, 3),
    updatedAt: Date.UTC(2026, 4, 3) + n,
    ...extra,
  };
}

describe('CSV exports', () => {
  it('neutralises formula cells and parses back with csv-parse', () => {
    expect(neutraliseCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    for (const c of ['+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutraliseCell(c).startsWith("'")).toBe(true);
    expect(neutraliseCell('https://a.example/')).toBe('https://a.example/');
    const items = [
      shared('https://a.example/x,y?q="1"', { brandSlug: '=cmd|calc', brandNameJa: '三井住友' }),
      shared('http://b.example/', { active: false, tlp: 'green' }),
    ];
    const rows = parse(sharedUrlsCsv(items), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      url: items[0]!.url,
      brand: "'=cmd|calc",
      status: 'active',
      tlp: 'clear',
    });
    expect(rows[1]).toMatchObject({ url: 'http://b.example/', status: 'withdrawn', tlp: 'green' });
    for (const row of rows) for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
    expect(sharedUrlJson(items[0]!)).toMatchObject({ url: items[0]!.url, brand: { slug: '=cmd|calc' } });
  });

  it('JPCERT/CC CSV round-trips through the JPCERT/CC reader', async () => {
    const items = [
      shared('https://c.example/login', { brandNameJa: '三井住友カード', brandName: 'SMBC Card' }),
      shared('http://d.example/a,b', { brandName: 'Amazon' }),
      shared('http://e.example/'),
    ];
    const { items: read, rejected } = await collectEntries(readJpcertCsv(textStream(jpcertCsv(items))));
    expect(rejected).toEqual([]);
    expect(read.map((r) => [r.url, r.brandLabel, r.reportedAt])).toEqual([
      [items[0]!.url, '三井住友カード', Date.UTC(2026, 4, 1, 3, 4, 5)],
      [items[1]!.url, 'Amazon', Date.UTC(2026, 4, 1, 3, 4, 5)],
      [items[2]!.url, null, Date.UTC(2026, 4, 1, 3, 4, 5)],
    ]);
  });
});

describe('blocklists', () => {
  it('never lists a shared-hosting, official, allowlisted or redirector domain', () => {
    const protection = createDomainProtection(['smbc.co.jp', 'allowed.example']);
    const items = [
      shared('https://evil-login.example/a'),
      shared('https://evil-login.example/b'),
      shared('https://x.storage.googleapis.com/p.html'),
      shared('https://login.smbc.co.jp.evil.example/'),
      shared('https://www.smbc.co.jp/phish'),
      shared('https://allowed.example/phish'),
      shared('https://bit.ly/abc'),
      shared('https://www.google.com/url?q=https://evil.example/'),
      shared('https://attacker.workers.dev/'),
      shared('http://192.0.2.1/x'),
    ];
    expect(domainBlocklist(items, protection)).toEqual(
      ['attacker.workers.dev', 'evil.example', 'evil-login.example'].sort(),
    );
    expect(urlBlocklist(items)).toHaveLength(10);
    expect(protection.isProtected('googleapis.com')).toBe(true);
    expect(protection.isProtected('evil.example')).toBe(false);
  });
});

describe('STIX 2.1', () => {
  const check = createStixValidator();
  const builder = createStixBuilder('Council against phishing');
  const items = [
    shared("https://q.example/it's\\here", { brandSlug: 'smbc', brandName: 'SMBC', tlp: 'amber' }),
    shared('https://r.example/', { tlp: 'clear', active: false }),
  ];
  const campaigns = new Map([
    [
      items[0]!.urlId,
      [
        {
          id: 7,
          name: 'SMBC SMS wave',
          description: null,
          firstSeen: Date.UTC(2026, 3, 1),
          lastSeen: Date.UTC(2026, 4, 1),
          createdAt: Date.UTC(2026, 3, 2),
          updatedAt: Date.UTC(2026, 3, 3),
        },
      ],
    ],
  ]);

  it('every object and the bundle are valid against the OASIS schemas', () => {
    const objects = builder.objects(items, campaigns);
    const bundle = builder.bundle(objects);
    expect(check(bundle as unknown as { type: string })).toEqual([]);
    for (const o of objects) expect({ id: o.id, errors: check(o) }).toEqual({ id: o.id, errors: [] });
    expect(objects.map((o) => o.type).sort()).toEqual(
      [
        'campaign',
        'identity',
        'indicator',
        'indicator',
        'marking-definition',
        'marking-definition',
        'relationship',
      ].sort(),
    );
    const campaign = objects.find((o) => o.type === 'campaign')!;
    expect(campaign.object_marking_refs).toEqual([
      'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
    ]);
    expect(objects.find((o) => o.type === 'relationship')).toMatchObject({
      relationship_type: 'indicates',
      source_ref: builder.indicatorId(items[0]!),
      target_ref: campaign.id,
    });
  });

  it('the validator rejects what is not STIX', () => {
    const bad = { ...builder.indicator(items[0]!), pattern_type: undefined, id: 'indicator--x' };
    expect(check(bad).length).toBeGreaterThan(0);
  });

  it('escapes quote and backslash in the pattern, and the feed reader gets the URL back', () => {
    expect(stixUrlPattern("http://x/a'b\\c")).toBe("[url:value = 'http://x/a\\'b\\\\c']");
    const ind = builder.indicator(items[0]!);
    expect(urlsFromPattern(String(ind.pattern))).toEqual({ kind: 'urls', urls: [items[0]!.url] });
  });

  it('gives the same ids and bundle on a re-export', () => {
    const a = JSON.stringify(builder.bundle(builder.objects(items, campaigns)));
    const b = JSON.stringify(
      createStixBuilder('Council against phishing').bundle(builder.objects(items, campaigns)),
    );
    expect(a).toBe(b);
    expect(createStixBuilder('Other org').indicatorId(items[0]!)).not.toBe(builder.indicatorId(items[0]!));
  });
});
