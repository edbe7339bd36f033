/**
 * Synthetic data of the statistics benchmark (bench/stats.ts): 24 months of reports shaped like the
 * Council's, generated deterministically month by month, and the bulk loaders for SQLite and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { type Kysely, Migrator, sql } from 'kysely';
import pg from 'pg';
import { SECTORS } from '../src/brands/brand.ts';
import { type Db, openDatabase } from '../src/storage/database.ts';
import * as m0001 from '../src/storage/migrations/0001_initial.ts';
import { TEST_POSTGRES_URL } from '../test/databases.ts';

export const MONTHS = 24;
export const FIRST_YEAR = 2024;
const BRANDS = 700;
/** At 2,000,000 reports (83,333 a month); scaled with --reports. */
const UNIQUE_URLS_PER_MONTH = 120_000;
const REPORTS_PER_MONTH = 2_000_000 / 24;
/** Share of a month's URLs that were already reported in an earlier month. */
const CARRIED_OVER = 0.1;
const JST = 9 * 3600 * 1000;
const TLDS: [string, number][] = [
  ['com', 30],
  ['cn', 9],
  ['top', 7],
  ['net', 5],
  ['xyz', 5],
  ['jp', 4],
  ['shop', 4],
  ['info', 3],
  ['icu', 3],
  ['cc', 3],
  ['vip', 2],
  ['org', 2],
  ['buzz', 2],
  ['sbs', 2],
  ['cfd', 2],
  ['bond', 2],
  ['online', 2],
  ['dev', 2],
  ['app', 2],
  ['ru', 1],
  ['us', 1],
  ['co', 1],
  ['me', 1],
  ['site', 1],
  ['club', 1],
];
const FEATURES: [string, number][] = [
  ['random_subdomain', 0.15],
  ['cloud_hosting', 0.05],
  ['dynamic_dns', 0.03],
  ['free_hosting', 0.03],
  ['short_url', 0.02],
  ['open_redirect', 0.02],
  ['punycode', 0.005],
];
const SOURCES = [
  { id: 1, name: 'jpcert', kind: 'jpcert' },
  { id: 2, name: 'openphish', kind: 'openphish' },
  { id: 3, name: 'smtp-forward', kind: 'smtp' },
  { id: 4, name: 'public-web-form', kind: 'web' },
  { id: 5, name: 'public-api', kind: 'api' },
];

/** Deterministic PRNG (mulberry32): the same data on both databases and on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(items: [T, number][]) {
  const total = items.reduce((a, [, w]) => a + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) {
    acc += w / total;
    cum.push(acc);
  }
  // Binary search: the brand list has 700 entries and is drawn from millions of times.
  return (r: number): T => {
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r < cum[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]![0];
  };
}

type Tables = {
  domains: unknown[][];
  hosts: unknown[][];
  urls: unknown[][];
  reports: unknown[][];
  report_urls: unknown[][];
};

const COLUMNS: Record<keyof Tables, string[]> = {
  domains: ['id', 'name', 'public_suffix', 'first_seen', 'last_seen'],
  hosts: ['id', 'name', 'domain_id', 'is_ip', 'first_seen'],
  urls: [
    'id',
    'url_hash',
    'canonical',
    'scheme',
    'host_id',
    'domain_id',
    'tld',
    'path',
    'features',
    'threat',
    'status',
    'brand_id',
    'first_seen',
    'last_seen',
    'report_count',
  ],
  reports: [
    'id',
    'source_id',
    'external_id',
    'kind',
    'status',
    'received_at',
    'reported_at',
    'brand_label',
    'brand_id',
    'content_type',
    'payload',
  ],
  report_urls: ['report_id', 'url_id'],
};
const PG_TYPES: Record<keyof Tables, string[]> = {
  domains: ['bigint', 'text', 'text', 'bigint', 'bigint'],
  hosts: ['bigint', 'text', 'bigint', 'int', 'bigint'],
  urls: [
    'bigint',
    'text',
    'text',
    'text',
    'bigint',
    'bigint',
    'text',
    'text',
    'text',
    'text',
    'text',
    'bigint',
    'bigint',
    'bigint',
    'int',
  ],
  reports: ['bigint', 'bigint', 'text', 'text', 'text', 'bigint', 'bigint', 'text', 'bigint', 'text', 'text'],
  report_urls: ['bigint', 'bigint'],
};

/** Generates the data month by month; each month's rows go to every database before the next month. */
export function* generate(totalReports: number): Generator<{ month: number; rows: Tables }> {
  const r = rng(20240101);
  const tld = weighted(TLDS);
  // Zipf-like brands (s = 1.1): brand 1 draws ~20% of attributed reports, the tail a handful each.
  const brandOf = weighted(
    Array.from({ length: BRANDS }, (_, i) => [i + 1, 1 / (i + 1) ** 1.1] as [number, number]),
  );
  const label = (n: number) =>
    (n * 2654435761)
      .toString(36)
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 8) || 'x';
  let domainId = 0;
  let hostId = 0;
  let urlId = 0;
  let reportId = 0;
  let previousMonthUrls: [number, number] = [0, 0];
  const perMonth = Math.round(totalReports / MONTHS);
  for (let month = 0; month < MONTHS; month++) {
    const from = Date.UTC(FIRST_YEAR, month, 1) - JST;
    const span = Date.UTC(FIRST_YEAR, month + 1, 1) - JST - from;
    const rows: Tables = { domains: [], hosts: [], urls: [], reports: [], report_urls: [] };
    const uniquePerMonth = Math.round(UNIQUE_URLS_PER_MONTH * Math.min(1, perMonth / REPORTS_PER_MONTH));
    const fresh = Math.round(uniquePerMonth * (1 - CARRIED_OVER));
    const firstDomain = domainId + 1;
    for (let i = 0; i < fresh * 0.4; i++) {
      const t = tld(r());
      domainId++;
      rows.domains.push([domainId, `${label(domainId)}-${domainId}.${t}`, t, from, from + span - 1]);
    }
    const domainNames = new Map(rows.domains.map((d) => [d[0] as number, d[1] as string]));
    const hostInfo: { id: number; domainId: number | null; tld: string | null }[] = [];
    for (let i = 0; i < fresh * 0.7; i++) {
      hostId++;
      if (r() < 0.01) {
        rows.hosts.push([hostId, `10.${hostId >> 16}.${(hostId >> 8) & 255}.${hostId & 255}`, null, 1, from]);
        hostInfo.push({ id: hostId, domainId: null, tld: null });
        continue;
      }
      const d = firstDomain + Math.floor(r() * rows.domains.length);
      const name = domainNames.get(d)!;
      rows.hosts.push([
        hostId,
        r() < 0.4 ? `${label(hostId)}${hostId}.${name}` : `h${hostId}.${name}`,
        d,
        0,
        from,
      ]);
      hostInfo.push({ id: hostId, domainId: d, tld: name.slice(name.lastIndexOf('.') + 1) });
    }
    const hostNames = new Map(rows.hosts.map((h) => [h[0] as number, h[1] as string]));
    const pool: number[] = [];
    const usedPaths = new Set<string>();
    for (let i = 0; i < fresh; i++) {
      urlId++;
      const h = hostInfo[Math.floor(r() ** 1.5 * hostInfo.length)]!;
      const p = r();
      // Short common paths ('/', '/login') on many hosts make the subdomain merge count differ.
      let urlPath = p < 0.4 ? '/' : p < 0.6 ? '/login' : '';
      if (!urlPath || usedPaths.has(`${h.id}${urlPath}`))
        urlPath = `/${label(urlId)}/${urlId}?id=${urlId % 997}`;
      usedPaths.add(`${h.id}${urlPath}`);
      const features = FEATURES.filter(([, w]) => r() < w).map(([f]) => f);
      if (h.domainId === null) features.push('ip_host');
      const canonical = `https://${hostNames.get(h.id)}${urlPath}`;
      const hash = createHash('sha256').update(canonical).digest('hex');
      rows.urls.push([
        urlId,
        hash,
        canonical,
        'https',
        h.id,
        h.domainId,
        h.tld,
        urlPath,
        features.join(','),
        'phishing',
        'new',
        brandOf(r()),
        from,
        from + span - 1,
        1,
      ]);
      pool.push(urlId);
    }
    // URLs seen again this month (carried over from the month before).
    while (pool.length < uniquePerMonth && previousMonthUrls[1] > 0) {
      pool.push(previousMonthUrls[0] + Math.floor(r() * previousMonthUrls[1]));
    }
    previousMonthUrls = [urlId - fresh + 1, fresh];
    let link = 0;
    for (let i = 0; i < perMonth; i++) {
      reportId++;
      const k = r();
      // 55% JPCERT/CC, 10% OpenPhish, 25% e-mail (smtp or web form), 7% SMS, 3% URL reports.
      const [sourceId, kind, urls] =
        k < 0.55
          ? [1, 'feed', 1]
          : k < 0.65
            ? [2, 'feed', 1]
            : k < 0.9
              ? [r() < 0.6 ? 3 : 4, 'email', 1 + Math.floor(r() * 7)]
              : k < 0.97
                ? [4, 'sms', 1]
                : [5, 'url', 1];
      const at = from + Math.floor(r() * span);
      const brand = r() < (sourceId === 2 ? 0.5 : 0.05) ? null : brandOf(r());
      const payload =
        kind === 'feed'
          ? JSON.stringify({
              date: new Date(at).toISOString(),
              URL: `https://x${reportId}.test/`,
              description: `brand ${brand}`,
            })
          : kind === 'email'
            ? JSON.stringify({
                kind,
                content: '',
                sender: r() < 0.3 ? `info@brand-${brand}.example` : `no-reply@spoof${reportId % 5000}.test`,
              })
            : JSON.stringify({ kind, content: `message ${reportId}` });
      const invalid = kind === 'feed' && r() < 0.01;
      rows.reports.push([
        reportId,
        sourceId,
        `b${reportId}`,
        kind,
        invalid ? 'invalid' : 'processed',
        at + 3_600_000,
        at,
        kind === 'feed' ? `brand ${brand}` : null,
        brand,
        'application/json',
        payload,
      ]);
      if (invalid) continue;
      const linked = new Set<number>();
      for (let j = 0; j < urls; j++, link++) {
        linked.add(link < pool.length ? pool[link]! : pool[Math.floor(r() * pool.length)]!);
      }
      for (const u of linked) rows.report_urls.push([reportId, u]);
    }
    yield { month, rows };
  }
}

/**
 * Only the first migration: the data is loaded as it stood before the statistics migration, whose
 * backfill (timed) then builds the per-month tables, as it would on an existing installation.
 */
export async function migrateToInitial(db: Db): Promise<void> {
  const migrator = new Migrator({
    db: db.kysely as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => ({ '0001_initial': { up: (k) => m0001.up(k, db.dialect) } }) },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

/**
 * A database of its own on the test server (not a schema of the shared test database): a long-lived
 * schema there would be seen by every other test's migrator while the seeding runs.
 */
export async function createBenchPostgres(name = `phishdesk_bench_stats_${process.pid}`) {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const db = openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 4 });
  await migrateToInitial(db);
  return Object.assign(db, {
    async drop() {
      await db.close().catch(() => {});
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists ${name}`);
      await c.end();
    },
  });
}

export async function seedStatic(db: Db): Promise<void> {
  await db.kysely
    .insertInto('sources')
    .values(SOURCES.map((s) => ({ ...s, config: '{}', enabled: 1, created_at: 0, updated_at: 0 })))
    .execute();
  const brands = Array.from({ length: BRANDS }, (_, i) => ({
    id: i + 1,
    slug: `brand-${i + 1}`,
    name_ja: `ブランド${i + 1}`,
    name_en: `Brand ${i + 1}`,
    sector: SECTORS[i % SECTORS.length]!,
    official_domains: JSON.stringify([`brand-${i + 1}.example`]),
    keywords: '[]',
    created_at: 0,
    updated_at: 0,
  }));
  for (let i = 0; i < brands.length; i += 200)
    await db.kysely
      .insertInto('brands')
      .values(brands.slice(i, i + 200))
      .execute();
}

export function insertSqlite(db: Db, rows: Tables): void {
  const handle = db.sqlite!;
  for (const table of Object.keys(COLUMNS) as (keyof Tables)[]) {
    const cols = COLUMNS[table];
    const stmt = handle.prepare(
      `insert into ${table} (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`,
    );
    handle.transaction((list: unknown[][]) => {
      for (const row of list) stmt.run(...row);
    })(rows[table]);
  }
}

/** Batched `insert … select from unnest(arrays)`: one statement per 20,000 rows, no parameter limit. */
export async function insertPostgres(db: Db, rows: Tables): Promise<void> {
  for (const table of Object.keys(COLUMNS) as (keyof Tables)[]) {
    const cols = COLUMNS[table];
    const list = rows[table];
    for (let i = 0; i < list.length; i += 20_000) {
      const part = list.slice(i, i + 20_000);
      const arrays = cols.map((_, c) => part.map((row) => row[c]));
      const unnest = sql.join(arrays.map((a, c) => sql`${a}::${sql.raw(PG_TYPES[table][c]!)}[]`));
      await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) select * from unnest(${unnest})`.execute(
        db.kysely,
      );
    }
  }
}
