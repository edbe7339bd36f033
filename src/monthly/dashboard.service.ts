/**
 * The console dashboard: the last 30 JST days day by day and the last 13 JST months month by month,
 * optionally for one brand and/or one source, with the brands and sources behind the 30 days.
 */
import type { Clock } from '../lib/clock.ts';
import { jstDate, jstMonth } from '../stats/period.ts';
import type { SeriesFilter, SeriesRepository } from '../stats/series.repository.ts';
import type { StatsRepository } from '../stats/stats.repository.ts';
import { addMonths } from './figures.ts';

export const DASHBOARD_DAYS = 30;
export const DASHBOARD_MONTHS = 13;
const DAY_MS = 86_400_000;
const JST_MS = 9 * 3600_000;

export function createDashboardService(deps: {
  series: SeriesRepository;
  stats: StatsRepository;
  clock: Clock;
}) {
  return {
    async dashboard(filter: SeriesFilter) {
      const now = deps.clock.now();
      const today = Math.floor((now + JST_MS) / DAY_MS);
      const firstDay = today - (DASHBOARD_DAYS - 1);
      const from = firstDay * DAY_MS - JST_MS;
      const to = (today + 1) * DAY_MS - JST_MS;
      const lastMonth = jstMonth(now);
      const firstMonth = addMonths(lastMonth, -(DASHBOARD_MONTHS - 1));
      const key = (m: string) => Number(m.replace('-', ''));
      const [days, months, breakdown, brands, sources] = await Promise.all([
        deps.series.days(from, to, filter),
        deps.series.months(key(firstMonth), key(lastMonth), filter),
        deps.series.breakdown(from, to, filter),
        deps.stats.brands(),
        deps.stats.sources(),
      ]);
      const byDay = new Map(days.map((d) => [d.day, d]));
      const byMonth = new Map(months.map((m) => [m.month, m]));
      const brandReports = new Map<number | null, number>();
      const sourceReports = new Map<number, number>();
      for (const b of breakdown) {
        brandReports.set(b.brandId, (brandReports.get(b.brandId) ?? 0) + b.reports);
        sourceReports.set(b.sourceId, (sourceReports.get(b.sourceId) ?? 0) + b.reports);
      }
      const brandById = new Map(brands.map((b) => [b.id, b]));
      const sourceById = new Map(sources.map((s) => [s.id, s]));
      return {
        filter,
        generatedAt: new Date(now).toISOString(),
        days: Array.from({ length: DASHBOARD_DAYS }, (_, i) => {
          const d = byDay.get(firstDay + i);
          return {
            date: jstDate((firstDay + i) * DAY_MS - JST_MS),
            reports: d?.reports ?? 0,
            uniqueUrls: d?.uniqueUrls ?? 0,
          };
        }),
        months: Array.from({ length: DASHBOARD_MONTHS }, (_, i) => {
          const month = addMonths(firstMonth, i);
          const m = byMonth.get(key(month));
          return {
            month,
            reports: m?.reports ?? 0,
            brandsAbused: m?.brandsAbused ?? 0,
            uniqueUrls: m?.uniqueUrls ?? 0,
          };
        }),
        topBrands: [...brandReports]
          .filter(([id]) => id !== null)
          .sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))
          .slice(0, 10)
          .map(([id, reports]) => {
            const b = brandById.get(id as number);
            return {
              brandId: id as number,
              slug: b?.slug ?? `#${id}`,
              nameJa: b?.name_ja ?? '',
              nameEn: b?.name_en ?? '',
              reports,
            };
          }),
        unattributedReports: brandReports.get(null) ?? 0,
        sources: [...sourceReports]
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .map(([id, reports]) => ({
            sourceId: id,
            name: sourceById.get(id)?.name ?? `#${id}`,
            kind: sourceById.get(id)?.kind ?? 'unknown',
            reports,
          })),
        /** What the filters can choose from. */
        options: {
          brands: brands
            .map((b) => ({ id: b.id, slug: b.slug, nameJa: b.name_ja, nameEn: b.name_en }))
            .sort((a, b) => a.slug.localeCompare(b.slug)),
          sources: sources.map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
        },
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
export type Dashboard = Awaited<ReturnType<DashboardService['dashboard']>>;
