import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { chunks } from '../lib/chunks.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { Range } from './period.ts';

/** URL tricks counted in the monthly report, as stored in `urls.features` (comma-separated). */
export const URL_TRICKS = [
  'short_url',
  'dynamic_dns',
  'open_redirect',
  'cloud_hosting',
  'free_hosting',
  'random_subdomain',
  'ip_host',
  'punycode',
  'non_standard_port',
] as const;
export type UrlTrick = (typeof URL_TRICKS)[number];

export type ReportGroup = { brandId: number | null; sourceId: number; kind: string; reports: number };
export type UrlCounts = { current: number; previous: number };
export type MonthUrlFigures = {
  unique: UrlCounts;
  /** Unique URLs once those differing only by subdomain are merged (see stats.service.ts). */
  merged: UrlCounts;
  tlds: { tld: string | null; urls: number }[];
  /** Distinct TLDs, IP hosts (no TLD) counting as one. */
  distinctTlds: number;
  domains: { domain: string; urls: number }[];
  distinctDomains: number;
  /** Unique URLs of the period whose host has no registrable domain (IP addresses, bare suffixes). */
  withoutDomain: number;
  tricks: Record<UrlTrick, number>;
};
export type PendingEmail = { reportId: number; payload: string; sourceKind: string; emails: Buffer[] };

type Trx = Transaction<Database> | Kysely<Database>;
const num = (v: unknown): number => Number(v ?? 0);

/**
 * All SQL of the statistics engine (migration 0002 has the tables and triggers it relies on).
 * A JST month reads the trigger-kept per-month tables: stats_month_reports (reports by brand, source and
 * kind) and stats_month_urls (one row per URL), index range scans only. Any other range counts reports
 * with a range scan of the covering index `reports_stats`, joins its links once into a temporary table
 * and runs the same URL queries on it (slower: seconds, not milliseconds, on millions of reports).
 */
export function createStatsRepository(db: Db) {
  const k = db.kysely;
  const pg = db.dialect === 'postgres';
  async function reportGroups(range: Pick<Range, 'from' | 'to'>): Promise<ReportGroup[]> {
    const { rows } = await sql<{ brand_id: number | null; source_id: number; kind: string; n: unknown }>`
      select brand_id, source_id, kind, count(*) as n from reports
      where reported_at >= ${range.from} and reported_at < ${range.to}
      group by brand_id, source_id, kind`.execute(k);
    return rows.map((r) => ({ brandId: r.brand_id, sourceId: r.source_id, kind: r.kind, reports: num(r.n) }));
  }

  /**
   * Fills the temporary table `stats_urls` for a range that is not one month: one row per distinct URL
   * named by a report of the range or of the previous one, flagged cur/prev.
   */
  async function fillRangeUrls(trx: Trx, current: Range, previous: Range): Promise<void> {
    if (pg) {
      // For this transaction only: sorts and hashes in memory, and no JIT compile for queries run once.
      await sql`set local work_mem = '64MB'`.execute(trx);
      await sql`set local jit = off`.execute(trx);
      await sql`create temporary table stats_urls (id bigint, scheme text, site_id bigint, domain_id bigint,
        tld text, path text, features text, cur int, prev int) on commit drop`.execute(trx);
    } else {
      await sql`drop table if exists temp.stats_urls`.execute(trx);
      await sql`create temporary table stats_urls (id integer, scheme text, site_id integer, domain_id integer,
        tld text, path text, features text, cur integer, prev integer)`.execute(trx);
    }
    await sql`
      insert into stats_urls (id, scheme, site_id, domain_id, tld, path, features, cur, prev)
      select u.id, u.scheme, coalesce(u.domain_id, -u.host_id), u.domain_id, u.tld, u.path, u.features, t.cur, t.prev
      from (
        select ru.url_id,
          max(case when r.reported_at >= ${current.from} then 1 else 0 end) as cur,
          max(case when r.reported_at < ${previous.to} then 1 else 0 end) as prev
        from reports r join report_urls ru on ru.report_id = r.id
        where r.reported_at >= ${previous.from} and r.reported_at < ${current.to}
        group by ru.url_id
      ) t join urls u on u.id = t.url_id`.execute(trx);
    // Temporary tables get no automatic statistics; the figures' group-bys plan better with them.
    if (pg) await sql`analyze stats_urls`.execute(trx);
  }

  /**
   * Every URL figure of `rows` (a FROM … WHERE fragment) and the unique counts of `previous`. Outside a
   * transaction (the month tables) the queries run side by side on the pool; inside one, in turn.
   */
  async function figures(
    trx: Trx,
    rows: RawBuilder<unknown>,
    previous: RawBuilder<unknown>,
    limit: number,
    parallel: boolean,
    /** The rows the named lists (top domains) may come from, when not all: the public's cleared URLs. */
    namedRows: RawBuilder<unknown> | null = null,
  ): Promise<MonthUrlFigures> {
    // The merge key: scheme, registrable domain (the host itself when there is none) and path with query.
    const mergedOf = (r: RawBuilder<unknown>) =>
      sql<{
        n: unknown;
      }>`select count(*) as n from (select 1 as one from ${r} group by scheme, site_id, path) g`;
    const queries = [
      mergedOf(rows),
      sql<{ n: unknown }>`select count(*) as n from ${previous}`,
      mergedOf(previous),
      // A few hundred TLDs and a few dozen feature combinations: grouped in SQL, ranked and split here.
      sql<{ tld: string | null; n: unknown }>`select tld, count(*) as n from ${rows} group by tld`,
      sql<{ features: string; n: unknown }>`select features, count(*) as n from ${rows} group by features`,
      // The URLs without registrable domain come first, then the top domains; `groups` counts them all.
      sql<{ domain_id: number | null; n: unknown; groups: unknown }>`
        select domain_id, n, groups from (
          select domain_id, count(*) as n, count(*) over () as groups from ${rows} group by domain_id
        ) g order by case when domain_id is null then 0 else 1 end, n desc, domain_id limit ${limit + 1}`,
      namedRows
        ? sql<{ domain_id: number | null; n: unknown }>`
        select domain_id, count(*) as n from ${namedRows} and domain_id is not null
        group by domain_id order by n desc, domain_id limit ${limit}`
        : sql<{ domain_id: number | null; n: unknown }>`select null as domain_id, 0 as n where 1 = 0`,
    ] as const;
    const run = <T>(q: RawBuilder<T>) => q.execute(trx).then((r) => r.rows);
    let results: unknown[][];
    if (parallel) results = await Promise.all(queries.map((q) => run(q as RawBuilder<unknown>)));
    else {
      results = [];
      for (const q of queries) results.push(await run(q as RawBuilder<unknown>));
    }
    const [merged, prevUnique, prevMerged, tldRows, featureRows, domainRows, namedDomains] = results as [
      { n: unknown }[],
      { n: unknown }[],
      { n: unknown }[],
      { tld: string | null; n: unknown }[],
      { features: string; n: unknown }[],
      { domain_id: number | null; n: unknown; groups: unknown }[],
      { domain_id: number | null; n: unknown }[],
    ];
    const tricks = Object.fromEntries(URL_TRICKS.map((t) => [t, 0])) as Record<UrlTrick, number>;
    for (const f of featureRows) {
      for (const name of f.features.split(',')) if (name in tricks) tricks[name as UrlTrick] += num(f.n);
    }
    const tlds = tldRows
      .map((r) => ({ tld: r.tld, urls: num(r.n) }))
      .sort((a, b) => b.urls - a.urls || (a.tld ?? '').localeCompare(b.tld ?? ''));
    const withoutDomain = domainRows[0]?.domain_id === null ? num(domainRows[0].n) : 0;
    const topDomains = namedRows
      ? namedDomains
      : domainRows.filter((d) => d.domain_id !== null).slice(0, limit);
    const names = new Map(
      topDomains.length === 0
        ? []
        : (
            await trx
              .selectFrom('domains')
              .select(['id', 'name'])
              .where(
                'id',
                'in',
                topDomains.map((d) => d.domain_id!),
              )
              .execute()
          ).map((d) => [d.id, d.name]),
    );
    return {
      unique: { current: tlds.reduce((a, t) => a + t.urls, 0), previous: num(prevUnique[0]?.n) },
      merged: { current: num(merged[0]?.n), previous: num(prevMerged[0]?.n) },
      tlds: tlds.slice(0, limit),
      distinctTlds: tlds.length,
      domains: topDomains.map((d) => ({
        domain: names.get(d.domain_id!) ?? `#${d.domain_id}`,
        urls: num(d.n),
      })),
      distinctDomains: num(domainRows[0]?.groups) - (withoutDomain > 0 ? 1 : 0),
      withoutDomain,
      tricks,
    };
  }

  const monthRows = (month: number) => sql`stats_month_urls where month = ${month}`;

  return {
    /** Reports of a range counted by brand, source and kind (every status; a few hundred rows). */
    reportGroups,

    /** The same for a JST month (key YYYYMM), from the trigger-kept stats_month_reports. */
    async monthReportGroups(month: number): Promise<ReportGroup[]> {
      const rows = await k
        .selectFrom('stats_month_reports')
        .select(['brand_key', 'source_id', 'kind', 'reports'])
        .where('month', '=', month)
        .where('reports', '>', 0)
        .execute();
      return rows.map((r) => ({
        brandId: r.brand_key === 0 ? null : r.brand_key,
        sourceId: r.source_id,
        kind: r.kind,
        reports: num(r.reports),
      }));
    },

    /**
     * The URL-side figures of a JST month (key YYYYMM) with the unique counts of the month before, from
     * stats_month_urls: index range scans only.
     */
    async monthUrlFigures(
      month: number,
      previousMonth: number,
      limit: number,
      named: RawBuilder<boolean> | null = null,
    ): Promise<MonthUrlFigures> {
      const namedRows = named
        ? sql`${monthRows(month)} and url_id in (select u.id from urls u where ${named})`
        : monthRows(month);
      return figures(k, monthRows(month), monthRows(previousMonth), limit, pg, namedRows);
    },

    /**
     * The same for any range, with `previous` contiguous before it: joins the ranges' links once.
     * `named`: condition on `urls as u` for the URLs the named lists may come from (null: all).
     */
    async rangeUrlFigures(
      current: Range,
      previous: Range,
      limit: number,
      named: RawBuilder<boolean> | null = null,
    ): Promise<MonthUrlFigures> {
      return k.transaction().execute(async (trx) => {
        await fillRangeUrls(trx, current, previous);
        try {
          return await figures(
            trx,
            sql`stats_urls where cur = 1`,
            sql`stats_urls where prev = 1`,
            limit,
            false,
            named
              ? sql`stats_urls where cur = 1 and id in (select u.id from urls u where ${named})`
              : sql`stats_urls where cur = 1`,
          );
        } finally {
          if (!pg) await sql`drop table if exists temp.stats_urls`.execute(trx);
        }
      });
    },

    async brands() {
      return k
        .selectFrom('brands')
        .select(['id', 'slug', 'name_ja', 'name_en', 'sector', 'official_domains'])
        .execute();
    },

    async sources() {
      return k.selectFrom('sources').select(['id', 'name', 'kind']).execute();
    },

    /** Ids of the range's e-mail reports not extracted yet, or extracted by another rule than `extractor`. */
    async pendingEmailIds(range: Pick<Range, 'from' | 'to'>, extractor: string): Promise<number[]> {
      const rows = await k
        .selectFrom('reports as r')
        .leftJoin('report_email_senders as e', 'e.report_id', 'r.id')
        .select('r.id')
        .where('r.reported_at', '>=', range.from)
        .where('r.reported_at', '<', range.to)
        .where('r.kind', '=', 'email')
        .where((eb) => eb.or([eb('e.report_id', 'is', null), eb('e.extractor', '<>', extractor)]))
        .execute();
      return rows.map((r) => r.id);
    },

    /** Payload, source kind and attached messages of the given e-mail reports. */
    async loadEmails(ids: number[]): Promise<PendingEmail[]> {
      if (ids.length === 0) return [];
      const rows = await k
        .selectFrom('reports as r')
        .innerJoin('sources as s', 's.id', 'r.source_id')
        .select(['r.id', 'r.payload', 's.kind'])
        .where('r.id', 'in', ids)
        .execute();
      if (rows.length === 0) return [];
      const attachments = await k
        .selectFrom('report_attachments')
        .select(['report_id', 'data'])
        .where(
          'report_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('content_type', '=', 'message/rfc822')
        .orderBy('id')
        .execute();
      const byReport = new Map<number, Buffer[]>();
      for (const a of attachments) {
        const list = byReport.get(a.report_id) ?? [];
        list.push(Buffer.from(a.data));
        byReport.set(a.report_id, list);
      }
      return rows.map((r) => ({
        reportId: r.id,
        payload: r.payload,
        sourceKind: r.kind,
        emails: byReport.get(r.id) ?? [],
      }));
    },

    async saveEmailSenders(
      rows: {
        reportId: number;
        fromDomain: string | null;
        dmarc: string | null;
        dmarcPolicy: string | null;
      }[],
      extractor: string,
      now: number,
    ): Promise<void> {
      for (const part of chunks(rows, 500)) {
        await k
          .insertInto('report_email_senders')
          .values(
            part.map((r) => ({
              report_id: r.reportId,
              from_domain: r.fromDomain,
              dmarc: r.dmarc,
              dmarc_policy: r.dmarcPolicy,
              extractor,
              extracted_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.column('report_id').doUpdateSet((eb) => ({
              from_domain: eb.ref('excluded.from_domain'),
              dmarc: eb.ref('excluded.dmarc'),
              dmarc_policy: eb.ref('excluded.dmarc_policy'),
              extractor: eb.ref('excluded.extractor'),
              extracted_at: eb.ref('excluded.extracted_at'),
            })),
          )
          .execute();
      }
    },

    /**
     * The one reader of the takedowns module's table: cases opened in the range, and the request, first
     * report and down times of the cases taken down in it (a month holds hundreds, not millions).
     */
    async takedownCases(range: Pick<Range, 'from' | 'to'>) {
      const [opened, down] = await Promise.all([
        k
          .selectFrom('takedown_cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('opened_at', '>=', range.from)
          .where('opened_at', '<', range.to)
          .executeTakeFirst(),
        k
          .selectFrom('takedown_cases')
          .select(['requested_at', 'first_reported_at', 'down_at'])
          .where('down_at', '>=', range.from)
          .where('down_at', '<', range.to)
          .execute(),
      ]);
      return {
        opened: num(opened?.n),
        down: down.map((d) => ({
          requestedAt: d.requested_at === null ? null : num(d.requested_at),
          firstReportedAt: num(d.first_reported_at),
          downAt: num(d.down_at),
        })),
      };
    },

    /**
     * Where the range's phishing URLs were hosted, where known: for each watched URL that a liveness
     * check resolved (url_checks.address) and that a report of the range names, its latest address with
     * the cached RDAP answer for that address (rdap_cache, key 'ip:<address>').
     */
    async hostingOfRange(range: Pick<Range, 'from' | 'to'>) {
      // Driven by liveness_watch (one row per URL ever watched, i.e. confirmed URLs), pruned by the URL's
      // first/last seen, so the cost follows the number of watched URLs, not of checks or reports.
      const { rows } = await sql<{ url_id: number; address: string | null; result: string | null }>`
        select x.url_id, x.address, rc.result
        from (
          select w.url_id,
            (select c.address from url_checks c where c.url_id = w.url_id and c.address is not null
             order by c.checked_at desc limit 1) as address
          from liveness_watch w join urls u on u.id = w.url_id
          where u.last_seen >= ${range.from} and u.first_seen < ${range.to}
            and exists (select 1 from report_urls ru join reports r on r.id = ru.report_id
                        where ru.url_id = w.url_id and r.reported_at >= ${range.from} and r.reported_at < ${range.to})
        ) x
        left join rdap_cache rc on rc.key = 'ip:' || x.address and rc.found = 1
        where x.address is not null`.execute(k);
      return rows.map((r) => ({ urlId: num(r.url_id), address: r.address ?? '', rdap: r.result }));
    },

    /**
     * E-mail reports of the range extracted by `extractor`, counted by brand, sender domain (null: none
     * found), DMARC verdict and policy.
     */
    async emailSenderGroups(range: Pick<Range, 'from' | 'to'>, extractor: string) {
      const { rows } = await sql<{
        brand_id: number | null;
        from_domain: string | null;
        dmarc: string | null;
        dmarc_policy: string | null;
        n: unknown;
      }>`
        select r.brand_id, e.from_domain, e.dmarc, e.dmarc_policy, count(*) as n
        from reports r join report_email_senders e on e.report_id = r.id
        where r.kind = 'email' and r.reported_at >= ${range.from} and r.reported_at < ${range.to}
          and e.extractor = ${extractor}
        group by r.brand_id, e.from_domain, e.dmarc, e.dmarc_policy`.execute(k);
      return rows.map((r) => ({
        brandId: r.brand_id,
        fromDomain: r.from_domain,
        dmarc: r.dmarc,
        dmarcPolicy: r.dmarc_policy,
        reports: num(r.n),
      }));
    },
  };
}

export type StatsRepository = ReturnType<typeof createStatsRepository>;
