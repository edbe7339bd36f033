import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';

/** Restricts a series to one brand and/or one source (null: all). */
export type SeriesFilter = { brandId: number | null; sourceId: number | null };
export type MonthPoint = { month: number; reports: number; brandsAbused: number; uniqueUrls: number | null };
export type DayPoint = { day: number; reports: number; uniqueUrls: number };

const DAY_MS = 86_400_000;
const JST_MS = 9 * 3600 * 1000;
const num = (v: unknown): number => Number(v ?? 0);

/** Epoch ms of the start (JST) of the month with key YYYYMM. */
function monthStart(key: number): number {
  return Date.UTC(Math.trunc(key / 100), (key % 100) - 1, 1) - JST_MS;
}

function nextKey(key: number): number {
  return key % 100 === 12 ? (Math.trunc(key / 100) + 1) * 100 + 1 : key + 1;
}

/**
 * Time series for the monthly report's trend chart and the dashboard. Months read the trigger-kept
 * stats_month_* tables (index range scans); days count reports with the covering index reports_stats and
 * join their links for unique URLs (30 days is a few hundred thousand rows at the Council's volumes).
 */
export function createSeriesRepository(db: Db) {
  const k = db.kysely;
  return {
    /**
     * Per JST month key (YYYYMM) in [fromKey, toKey]: reports, brands abused and unique URLs. Unfiltered
     * unique URLs come from stats_month_urls; with a brand or source filter, from the filtered reports'
     * links. Months without any report are absent.
     */
    async months(fromKey: number, toKey: number, filter: SeriesFilter): Promise<MonthPoint[]> {
      let q = k
        .selectFrom('stats_month_reports')
        .select((eb) => [
          'month',
          eb.fn.sum<number>('reports').as('reports'),
          sql<number>`count(distinct case when brand_key <> 0 and reports > 0 then brand_key end)`.as(
            'brands',
          ),
        ])
        .where('month', '>=', fromKey)
        .where('month', '<=', toKey)
        .groupBy('month');
      if (filter.brandId !== null) q = q.where('brand_key', '=', filter.brandId);
      if (filter.sourceId !== null) q = q.where('source_id', '=', filter.sourceId);
      const rows = await q.execute();
      const urls = new Map<number, number>();
      if (filter.brandId === null && filter.sourceId === null) {
        const u = await k
          .selectFrom('stats_month_urls')
          .select((eb) => ['month', eb.fn.countAll<number>().as('n')])
          .where('month', '>=', fromKey)
          .where('month', '<=', toKey)
          .groupBy('month')
          .execute();
        for (const r of u) urls.set(num(r.month), num(r.n));
      }
      const filtered = filter.brandId !== null || filter.sourceId !== null;
      if (filtered) {
        // The per-month URL table has no brand or source: count the filtered reports' links instead, read
        // through reports_brand (brand filter) or reports_stats (source filter) over the months' range.
        const brand = filter.brandId === null ? sql`` : sql`and r.brand_id = ${filter.brandId}`;
        const source = filter.sourceId === null ? sql`` : sql`and r.source_id = ${filter.sourceId}`;
        const monthKey =
          db.dialect === 'postgres'
            ? sql`stats_month_key(r.reported_at)`
            : sql`cast(strftime('%Y%m', (r.reported_at + ${sql.lit(JST_MS)}) / 1000, 'unixepoch') as integer)`;
        const u = await sql<{ month: unknown; n: unknown }>`
          select ${monthKey} as month, count(distinct ru.url_id) as n
          from reports r join report_urls ru on ru.report_id = r.id
          where r.reported_at >= ${monthStart(fromKey)} and r.reported_at < ${monthStart(nextKey(toKey))}
            ${brand} ${source}
          group by 1`.execute(k);
        for (const r of u.rows) urls.set(num(r.month), num(r.n));
      }
      return rows
        .map((r) => ({
          month: num(r.month),
          reports: num(r.reports),
          brandsAbused: num(r.brands),
          uniqueUrls: urls.get(num(r.month)) ?? 0,
        }))
        .filter((r) => r.reports > 0 || (r.uniqueUrls ?? 0) > 0)
        .sort((a, b) => a.month - b.month);
    },

    /** Per JST day (days since the epoch, JST) in [from, to): reports and distinct URLs they name. */
    async days(from: number, to: number, filter: SeriesFilter): Promise<DayPoint[]> {
      const brand = filter.brandId === null ? sql`` : sql`and r.brand_id = ${filter.brandId}`;
      const source = filter.sourceId === null ? sql`` : sql`and r.source_id = ${filter.sourceId}`;
      // Literal constants: a bound JS number is a REAL in SQLite, which would make the division fractional.
      const day = sql`(r.reported_at + ${sql.lit(JST_MS)}) / ${sql.lit(DAY_MS)}`;
      const [reports, urls] = await Promise.all([
        sql<{ day: unknown; n: unknown }>`select ${day} as day, count(*) as n from reports r
          where r.reported_at >= ${from} and r.reported_at < ${to} ${brand} ${source}
          group by 1`.execute(k),
        sql<{ day: unknown; n: unknown }>`select ${day} as day, count(distinct ru.url_id) as n
          from reports r join report_urls ru on ru.report_id = r.id
          where r.reported_at >= ${from} and r.reported_at < ${to} ${brand} ${source}
          group by 1`.execute(k),
      ]);
      const byDay = new Map<number, DayPoint>();
      for (const r of reports.rows)
        byDay.set(num(r.day), { day: num(r.day), reports: num(r.n), uniqueUrls: 0 });
      for (const r of urls.rows) {
        const p = byDay.get(num(r.day));
        if (p) p.uniqueUrls = num(r.n);
      }
      return [...byDay.values()].sort((a, b) => a.day - b.day);
    },

    /** Reports of [from, to) by brand id (null: unattributed) and by source id, with the filter applied. */
    async breakdown(from: number, to: number, filter: SeriesFilter) {
      let q = k
        .selectFrom('reports')
        .select((eb) => ['brand_id', 'source_id', eb.fn.countAll<number>().as('n')])
        .where('reported_at', '>=', from)
        .where('reported_at', '<', to)
        .groupBy(['brand_id', 'source_id']);
      if (filter.brandId !== null) q = q.where('brand_id', '=', filter.brandId);
      if (filter.sourceId !== null) q = q.where('source_id', '=', filter.sourceId);
      return (await q.execute()).map((r) => ({
        brandId: r.brand_id,
        sourceId: r.source_id,
        reports: num(r.n),
      }));
    },
  };
}

export type SeriesRepository = ReturnType<typeof createSeriesRepository>;
