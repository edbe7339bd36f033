import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { isAppError } from '../errors.ts';
import { fixedClock } from '../lib/clock.ts';
import { createIngestRepository, type ObservedUrl } from '../reports/ingest.repository.ts';
import { createSourcesRepository } from '../sources/sources.repository.ts';
import { createStatsRepository } from './stats.repository.ts';
import { createStatsService, type StatsService } from './stats.service.ts';

const JST = 9 * 3600 * 1000;
/** Epoch ms of a JST wall-clock time. */
const jst = (y: number, mo: number, d: number, h = 12, mi = 0, s = 0, ms = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s, ms) - JST;

type UrlSpec = { url: string; domain: string | null; tld: string | null; features?: string };

function observed(spec: UrlSpec, seenAt: number): ObservedUrl {
  const m = /^(https?):\/\/([^/]+)(\/.*)$/.exec(spec.url)!;
  return {
    urlHash: `h:${spec.url}`,
    canonical: spec.url,
    scheme: m[1]!,
    host: m[2]!,
    isIp: spec.domain === null,
    registrableDomain: spec.domain,
    publicSuffix: spec.tld,
    tld: spec.tld,
    path: m[3]!,
    features: spec.features ?? '',
    threat: 'phishing',
    brandId: null,
    brandConfidence: null,
    brandEvidence: null,
    seenAt,
  };
}

const U = {
  u1: { url: 'https://x.evil.com/login', domain: 'evil.com', tld: 'com', features: 'random_subdomain' },
  u2: { url: 'https://y.evil.com/login', domain: 'evil.com', tld: 'com', features: 'random_subdomain' },
  u3: { url: 'http://x.evil.com/login', domain: 'evil.com', tld: 'com' },
  u4: {
    url: 'https://bad.example.top/',
    domain: 'example.top',
    tld: 'top',
    features: 'short_url,cloud_hosting',
  },
  u5: { url: 'http://192.0.2.1/x', domain: null, tld: null, features: 'ip_host' },
  u6: {
    url: 'https://login.a-shop-verify.xyz/',
    domain: 'a-shop-verify.xyz',
    tld: 'xyz',
    features: 'dynamic_dns',
  },
  u7: { url: 'https://d-post.help-desk.cn/track', domain: 'help-desk.cn', tld: 'cn' },
  u8: { url: 'https://z.old.net/', domain: 'old.net', tld: 'net' },
  u9: { url: 'https://a.old.net/', domain: 'old.net', tld: 'net' },
} satisfies Record<string, UrlSpec>;

const EML = [
  // The receiver's verdict (topmost Authentication-Results) is what the DMARC mix counts.
  'Authentication-Results: mx.example.org; dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=mail.d-post.example',
  'From: "D Post" <notice@mail.d-post.example>',
  'To: victim@example.org',
  'Subject: Delivery failed',
  'Date: Mon, 15 Apr 2024 10:00:00 +0900',
  'Message-ID: <1@mail.d-post.example>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Please check https://d-post.help-desk.cn/track',
  '',
].join('\r\n');

describe.each(DIALECTS)('statistics engine on %s (hand-made data)', (dialect) => {
  let db: TestDb;
  let stats: StatsService;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const sources = createSourcesRepository(db);
    const ingest = createIngestRepository(db);
    const src = {
      jpcert: (await sources.ensure('jpcert', 'jpcert', 1)).id,
      web: (await sources.ensure('public-web-form', 'web', 1)).id,
      smtp: (await sources.ensure('smtp-forward', 'smtp', 1)).id,
    };
    const brandRows = [
      { slug: 'a-shop', sector: 'ecommerce', official: ['a-shop.example'] },
      { slug: 'b-bank', sector: 'bank', official: ['b-bank.example'] },
      { slug: 'c-bank', sector: 'bank', official: ['c-bank.example'] },
      { slug: 'd-post', sector: 'delivery', official: ['d-post.example'] },
    ];
    const inserted = await db.kysely
      .insertInto('brands')
      .values(
        brandRows.map((b) => ({
          slug: b.slug,
          name_ja: `${b.slug}（日本語）`,
          name_en: b.slug.toUpperCase(),
          sector: b.sector,
          official_domains: JSON.stringify(b.official),
          keywords: '[]',
          created_at: 1,
          updated_at: 1,
        })),
      )
      .returning(['id', 'slug'])
      .execute();
    const brand = Object.fromEntries(inserted.map((b) => [b.slug, b.id])) as Record<string, number>;

    let n = 0;
    async function add(r: {
      source: keyof typeof src;
      kind: string;
      at: number;
      brand?: string;
      urls?: UrlSpec[];
      payload?: object;
      status?: string;
    }): Promise<number> {
      n++;
      const out = await ingest.ingest({
        sourceId: src[r.source],
        reports: [
          {
            report: {
              externalId: `r${n}`,
              kind: r.kind,
              status: r.status ?? 'processed',
              receivedAt: r.at + 60_000,
              reportedAt: r.at,
              brandLabel: null,
              brandId: r.brand ? brand[r.brand]! : null,
              contentType: 'application/json',
              payload: JSON.stringify(r.payload ?? { kind: r.kind }),
            },
            urls: (r.urls ?? []).map((u) => observed(u, r.at)),
          },
        ],
      });
      return out.reportIds[0]!;
    }

    // April 2024 (JST): 12 reports, both ends of the month included.
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 4, 2), brand: 'a-shop', urls: [U.u1] });
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 4, 3), brand: 'a-shop', urls: [U.u2] });
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 4, 4), brand: 'a-shop', urls: [U.u1] });
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 4, 5), brand: 'b-bank', urls: [U.u3] });
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 4, 6), brand: 'b-bank', urls: [U.u4] });
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 4, 1, 0), brand: 'c-bank', urls: [U.u5] });
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 4, 30, 23, 59, 59, 999), status: 'invalid' });
    const email = (sender: string, content = '') => ({ kind: 'email', content, sender });
    const pasted = [
      'Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=spoof.test; dmarc=pass (p=NONE) header.from=spoof.test',
      'From: support@spoof.test',
      'Subject: Your account',
      '',
      'Sign in at https://b-bank.login-check.example/',
    ].join('\r\n');
    await add({
      source: 'web',
      kind: 'email',
      at: jst(2024, 4, 10),
      brand: 'a-shop',
      urls: [U.u4, U.u6],
      payload: email('A Shop <info@A-Shop.example>'),
    });
    await add({
      source: 'web',
      kind: 'email',
      at: jst(2024, 4, 11),
      brand: 'b-bank',
      payload: email('support@spoof.test', pasted),
    });
    await add({ source: 'web', kind: 'email', at: jst(2024, 4, 12), payload: email('x@whatever.test') });
    // SMTP forward: payload.sender is the forwarder; the sender is in the attached message.
    const forwarded = await add({
      source: 'smtp',
      kind: 'email',
      at: jst(2024, 4, 15),
      brand: 'd-post',
      payload: email('reporter@d-post.example'),
    });
    const data = Buffer.from(EML, 'utf8');
    await db.kysely
      .insertInto('report_attachments')
      .values({
        report_id: forwarded,
        filename: null,
        content_type: 'message/rfc822',
        size: data.length,
        sha256: 'x',
        data,
      })
      .execute();
    await add({ source: 'web', kind: 'sms', at: jst(2024, 4, 20), brand: 'd-post', urls: [U.u7] });
    // Next month (excluded) and March 2024, the previous month.
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 5, 1, 0), brand: 'c-bank', urls: [U.u5] });
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 3, 5), brand: 'a-shop', urls: [U.u1] });
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 3, 6), brand: 'a-shop', urls: [U.u8] });
    await add({
      source: 'jpcert',
      kind: 'feed',
      at: jst(2024, 3, 31, 23, 59, 59, 999),
      brand: 'b-bank',
      urls: [U.u9],
    });
    await add({ source: 'jpcert', kind: 'feed', at: jst(2024, 2, 29), brand: 'd-post', urls: [U.u7] });

    stats = createStatsService({ repo: createStatsRepository(db), clock: fixedClock(Date.UTC(2026, 0, 1)) });
  });
  afterAll(async () => db?.drop());

  it('computes the headline figures with the previous month and the change', async () => {
    const s = await stats.computeMonth({ month: '2024-04' });
    expect(s.period).toEqual({
      label: '2024-04',
      from: '2024-03-31T15:00:00.000Z',
      to: '2024-04-30T15:00:00.000Z',
      timezone: 'Asia/Tokyo',
      previous: { label: '2024-03', from: '2024-02-29T15:00:00.000Z', to: '2024-03-31T15:00:00.000Z' },
    });
    expect(s.headline).toEqual({
      reports: { value: 12, previous: 3, change: 9, changeRatio: 3 },
      uniqueUrls: { value: 7, previous: 3, change: 4, changeRatio: 4 / 3 },
      uniqueUrlsMergedSubdomains: { value: 6, previous: 2, change: 4, changeRatio: 2 },
      brandsAbused: { value: 4, previous: 2, change: 2, changeRatio: 1 },
    });
  });

  it('ranks brands with shares of all reports, sectors and the most-abused threshold', async () => {
    const s = await stats.computeMonth({ month: '2024-04' }, { threshold: 3 });
    expect(s.brands.attributedReports).toBe(10);
    expect(s.brands.unattributedReports).toBe(2);
    expect(s.brands.top.map((b) => [b.slug, b.reports, b.share, b.cumulativeShare])).toEqual([
      ['a-shop', 4, 4 / 12, 4 / 12],
      ['b-bank', 3, 3 / 12, 7 / 12],
      ['d-post', 2, 2 / 12, 9 / 12],
      ['c-bank', 1, 1 / 12, 10 / 12],
    ]);
    expect(s.brands.top[0]).toMatchObject({
      nameJa: 'a-shop（日本語）',
      nameEn: 'A-SHOP',
      sector: 'ecommerce',
    });
    expect(s.brands.atLeast).toEqual({ threshold: 3, brands: 2, reports: 7, share: 7 / 12 });
    expect(s.sectors).toEqual([
      { sector: 'bank', reports: 4, share: 4 / 12, brands: 2 },
      { sector: 'ecommerce', reports: 4, share: 4 / 12, brands: 1 },
      { sector: 'delivery', reports: 2, share: 2 / 12, brands: 1 },
    ]);
    const top2 = await stats.computeMonth({ month: '2024-04' }, { top: 2 });
    expect(top2.brands.top.map((b) => b.slug)).toEqual(['a-shop', 'b-bank']);
    expect(top2.brands.atLeast).toMatchObject({ threshold: 1000, brands: 0, reports: 0, share: 0 });
  });

  it('counts TLDs, registrable domains and URL tricks over unique URLs', async () => {
    const s = await stats.computeMonth({ month: '2024-04' });
    expect(s.sites.uniqueUrls).toBe(7);
    expect(s.sites.tlds).toEqual({
      distinct: 5,
      top: [
        { tld: 'com', urls: 3, share: 3 / 7 },
        { tld: null, urls: 1, share: 1 / 7 },
        { tld: 'cn', urls: 1, share: 1 / 7 },
        { tld: 'top', urls: 1, share: 1 / 7 },
        { tld: 'xyz', urls: 1, share: 1 / 7 },
      ],
      other: { urls: 0, share: 0 },
    });
    expect(s.sites.domains.distinct).toBe(4);
    expect(s.sites.domains.withoutDomain).toBe(1);
    expect(s.sites.domains.top[0]).toEqual({ domain: 'evil.com', urls: 3, share: 3 / 7 });
    expect(
      s.sites.domains.top
        .slice(1)
        .map((d) => d.domain)
        .sort(),
    ).toEqual(['a-shop-verify.xyz', 'example.top', 'help-desk.cn']);
    const tricks = Object.fromEntries(s.sites.tricks.map((t) => [t.feature, t.urls]));
    expect(tricks).toEqual({
      short_url: 1,
      dynamic_dns: 1,
      open_redirect: 0,
      cloud_hosting: 1,
      free_hosting: 0,
      random_subdomain: 2,
      ip_host: 1,
      punycode: 0,
      non_standard_port: 0,
    });
    expect(s.sites.tricks.find((t) => t.feature === 'random_subdomain')?.share).toBe(2 / 7);
    expect(s.sites.hosting).toEqual({ resolved: 0, known: 0, countries: [], networks: [] });

    // Hosting where known: the latest resolved address of each checked URL, with its cached RDAP answer.
    const urlId = async (url: string) =>
      (
        await db.kysely
          .selectFrom('urls')
          .select('id')
          .where('canonical', '=', `${url}`)
          .executeTakeFirstOrThrow()
      ).id;
    const check = (url_id: number, checked_at: number, address: string | null) => ({
      url_id,
      checked_at,
      result: 'live' as const,
      http_status: 200,
      final_url: null,
      content_hash: null,
      address,
      redirects: '[]',
      tls: null,
      error: null,
      duration_ms: 10,
    });
    const [u1, u3, u5] = [await urlId(U.u1.url), await urlId(U.u3.url), await urlId(U.u5.url)];
    await db.kysely
      .insertInto('url_checks')
      .values([
        check(u1, jst(2024, 4, 3), '192.0.2.1'), // superseded by the later check
        check(u1, jst(2024, 4, 4), '203.0.113.7'),
        check(u3, jst(2024, 4, 5), '198.51.100.9'), // no RDAP answer cached: resolved, not known
        check(u5, jst(2024, 4, 6), '203.0.113.7'),
      ])
      .execute();
    // Checked URLs are watched ones (confirmed URLs get a liveness_watch row).
    await db.kysely
      .insertInto('liveness_watch')
      .values([u1, u3, u5].map((url_id) => ({ url_id, started_at: 1, next_check_at: 2 })))
      .execute();
    const rdap = (key: string, result: object) => ({
      key,
      fetched_at: 1,
      expires_at: 2,
      found: 1,
      result: JSON.stringify(result),
    });
    await db.kysely
      .insertInto('rdap_cache')
      .values([
        rdap('ip:203.0.113.7', { kind: 'ip', country: 'jp', name: 'EXAMPLE-NET' }),
        rdap('ip:192.0.2.1', { kind: 'ip', country: 'US', name: 'OLD-NET' }),
      ])
      .execute();
    const hosted = await stats.computeMonth({ month: '2024-04' });
    expect(hosted.sites.hosting).toEqual({
      resolved: 3,
      known: 2,
      countries: [{ value: 'JP', urls: 2, share: 1 }],
      networks: [{ value: 'EXAMPLE-NET', urls: 2, share: 1 }],
    });

    const two = await stats.computeMonth({ month: '2024-04' }, { top: 2 });
    expect(two.sites.tlds.top.map((t) => t.tld)).toEqual(['com', null]);
    expect(two.sites.tlds.other).toEqual({ urls: 3, share: 3 / 7 });
  });

  it('splits reports by source kind and report kind; e-mail sender and SMS shares', async () => {
    const s = await stats.computeMonth({ month: '2024-04' });
    expect(s.sources.byKind).toEqual([
      { kind: 'jpcert', reports: 7, share: 7 / 12 },
      { kind: 'web', reports: 4, share: 4 / 12 },
      { kind: 'smtp', reports: 1, share: 1 / 12 },
    ]);
    expect(s.sources.byReportKind).toEqual([
      { kind: 'feed', reports: 7, share: 7 / 12 },
      { kind: 'email', reports: 4, share: 4 / 12 },
      { kind: 'sms', reports: 1, share: 1 / 12 },
    ]);
    // Known senders: a-shop.example (official), spoof.test, whatever.test (no brand), mail.d-post.example
    // (official subdomain, from the attached message — not the forwarder's envelope address).
    expect(s.email).toEqual({
      reports: 4,
      share: 4 / 12,
      realServiceSender: { senderKnown: 4, judged: 3, realDomain: 2, share: 2 / 3 },
      // Two messages carry their receiver's DMARC result (the attached forward and the pasted source).
      dmarc: {
        judged: 2,
        verdicts: [
          { value: 'fail', reports: 1, share: 0.5 },
          { value: 'pass', reports: 1, share: 0.5 },
        ],
        withPolicy: 2,
        policies: [
          { value: 'none', reports: 1, share: 0.5 },
          { value: 'reject', reports: 1, share: 0.5 },
        ],
      },
    });
    expect(s.sms).toEqual({ reports: 1, share: 1 / 12 });
    expect(s.takedowns).toEqual({
      opened: 0,
      takenDown: 0,
      medianMs: null,
      medianFromReportMs: null,
      previous: { opened: 0, takenDown: 0, medianMs: null },
    });
    const stored = await db.kysely
      .selectFrom('report_email_senders')
      .select(['from_domain'])
      .orderBy('from_domain')
      .execute();
    expect(stored.map((r) => r.from_domain)).toEqual([
      'a-shop.example',
      'mail.d-post.example',
      'spoof.test',
      'whatever.test',
    ]);
    // Rows extracted by the older rule (no DMARC) are extracted again on the next computation.
    await db.kysely
      .updateTable('report_email_senders')
      .set({ extractor: 'sender-v1', dmarc: null, dmarc_policy: null })
      .execute();
    const again = await stats.computeMonth({ month: '2024-04' });
    expect(again.email).toEqual(s.email);
  });

  it('serves a range of days the same way, with the same number of days before as previous period', async () => {
    const month = await stats.computeMonth({ month: '2024-04' });
    const range = await stats.computeMonth({ from: '2024-04-01', to: '2024-04-30' });
    expect(range.period.label).toBe('2024-04-01..2024-04-30');
    expect(range.period.previous).toEqual({
      label: '2024-03-02..2024-03-31',
      from: '2024-03-01T15:00:00.000Z',
      to: '2024-03-31T15:00:00.000Z',
    });
    expect({ ...range, period: null }).toEqual({ ...month, period: null });
    const day = await stats.computeMonth({ from: '2024-04-01', to: '2024-04-01' });
    // 2024-04-01 00:00 JST is in; the previous day, 2024-03-31, holds the 23:59:59.999 report.
    expect(day.headline.reports).toMatchObject({ value: 1, previous: 1 });
    expect(day.headline.uniqueUrls).toMatchObject({ value: 1, previous: 1 });
  });

  it('gives zeros, not errors, for a month without data', async () => {
    const s = await stats.computeMonth({ month: '2030-01' });
    expect(s.headline.reports).toEqual({ value: 0, previous: 0, change: 0, changeRatio: null });
    expect(s.brands.top).toEqual([]);
    expect(s.sites.tlds).toEqual({ distinct: 0, top: [], other: { urls: 0, share: 0 } });
    expect(s.email.realServiceSender.share).toBeNull();
    expect(s.email.dmarc).toEqual({ judged: 0, verdicts: [], withPolicy: 0, policies: [] });
  });

  it('keeps the month table exact when reports are deleted or moved to another month (runs last)', async () => {
    await db.kysely.deleteFrom('reports').where('external_id', 'in', ['r5', 'r8']).execute();
    await db.kysely
      .updateTable('reports')
      .set({ reported_at: jst(2024, 3, 20) })
      .where('external_id', '=', 'r12')
      .execute();
    // The trigger-kept table equals a recomputation from the links.
    const month = sql<number>`cast(strftime('%Y%m', (r.reported_at + 32400000) / 1000, 'unixepoch') as integer)`;
    const pgMonth = sql<number>`to_char(to_timestamp((r.reported_at + 32400000) / 1000.0) at time zone 'UTC', 'YYYYMM')::int`;
    const recomputed = await db.kysely
      .selectFrom('report_urls as ru')
      .innerJoin('reports as r', 'r.id', 'ru.report_id')
      .select([
        (dialect === 'postgres' ? pgMonth : month).as('month'),
        'ru.url_id',
        sql<number>`count(*)`.as('links'),
      ])
      .groupBy([sql`1`, 'ru.url_id'])
      .orderBy('month')
      .orderBy('ru.url_id')
      .execute();
    const kept = await db.kysely
      .selectFrom('stats_month_urls')
      .select(['month', 'url_id', 'links'])
      .orderBy('month')
      .orderBy('url_id')
      .execute();
    expect(kept.map((r) => [r.month, r.url_id, Number(r.links)])).toEqual(
      recomputed.map((r) => [Number(r.month), r.url_id, Number(r.links)]),
    );
    const april = await stats.computeMonth({ month: '2024-04' });
    // u4 and u6 went with r5 and r8; u7 moved to March with r12.
    expect(april.headline.reports).toMatchObject({ value: 9, previous: 4 });
    expect(april.headline.uniqueUrls).toMatchObject({ value: 4, previous: 4 });
    expect(april.sites.tlds.top.map((t) => t.tld)).toEqual(['com', null]);
    const range = await stats.computeMonth({ from: '2024-04-01', to: '2024-04-30' });
    expect({ ...range, period: null }).toEqual({ ...april, period: null });
    const keptReports = await db.kysely
      .selectFrom('stats_month_reports')
      .select(['month', 'brand_key', 'source_id', 'kind', 'reports'])
      .where('reports', '>', 0)
      .orderBy(['month', 'brand_key', 'source_id', 'kind'])
      .execute();
    const recountedReports = await db.kysely
      .selectFrom('reports as r')
      .select([
        (dialect === 'postgres' ? pgMonth : month).as('month'),
        sql<number>`coalesce(r.brand_id, 0)`.as('brand_key'),
        'r.source_id',
        'r.kind',
        sql<number>`count(*)`.as('reports'),
      ])
      .groupBy([sql`1`, sql`2`, 'r.source_id', 'r.kind'])
      .orderBy([sql`1`, sql`2`, 'r.source_id', 'r.kind'])
      .execute();
    const norm = (
      rows: { month: unknown; brand_key: unknown; source_id: number; kind: string; reports: unknown }[],
    ) => rows.map((r) => [Number(r.month), Number(r.brand_key), r.source_id, r.kind, Number(r.reports)]);
    expect(norm(keptReports)).toEqual(norm(recountedReports));
  });

  it('refuses a malformed month or range with request.invalid', async () => {
    for (const request of [
      { month: '2024-13' },
      { month: '2024-4' },
      { month: ' 2024-04' },
      { from: '2024-02-30', to: '2024-03-01' },
      { from: '2024-04-10', to: '2024-04-01' },
      { from: '2023-01-01', to: '2024-12-31' },
    ]) {
      const error = await stats.computeMonth(request).catch((e: unknown) => e);
      expect(isAppError(error) && error.code, JSON.stringify(request)).toBe('request.invalid');
    }
  });
});
