/**
 * Everything a monthly report shows, computed once: the month's statistics and the 13-month trend.
 * A published report stores this as JSON (frozen); a draft computes it live each time it is shown.
 */
import type { RawBuilder } from 'kysely';
import { monthRange } from '../stats/period.ts';
import type { SeriesRepository } from '../stats/series.repository.ts';
import type { Stats } from '../stats/stats.schema.ts';
import type { StatsService } from '../stats/stats.service.ts';
import type { SurvivalFigures } from '../stats/survival.schema.ts';
import type { SurvivalService } from '../stats/survival.service.ts';

export const FIGURES_VERSION = 1;
export const TREND_MONTHS = 13;
/** Ranked lists in the report (brands, TLDs, domains): the Council shows about this many. */
export const REPORT_TOP = 10;

export type TrendPoint = { month: string; reports: number; uniqueUrls: number; brandsAbused: number };

export type MonthlyFigures = {
  version: typeof FIGURES_VERSION;
  month: string;
  /** ISO instant the figures were computed (for a published report: when it was published). */
  computedAt: string;
  stats: Stats;
  /** The 13 months ending with this one, oldest first; months without reports count 0. */
  trend: TrendPoint[];
  /**
   * "Who takes phishing down": time to takedown of the cases opened in the month over public URLs, as
   * known when computed (sites still live censored then). Absent from snapshots frozen before it existed.
   */
  survival?: SurvivalFigures | null;
};

/** 'YYYY-MM' shifted by `delta` months. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const monthKey = (month: string) => Number(month.replace('-', ''));

export function createFiguresComputer(deps: {
  stats: StatsService;
  series: SeriesRepository;
  survival: SurvivalService;
  /** What the public may see, as a condition on `urls as u` (src/sharing/disclosure.ts). */
  publicUrls: RawBuilder<boolean>;
}) {
  return async function computeFigures(month: string, now: number): Promise<MonthlyFigures> {
    const range = monthRange(month); // validates
    const first = addMonths(month, -(TREND_MONTHS - 1));
    const [stats, points, survival] = await Promise.all([
      // A monthly report is published: its named lists come from data cleared for the public.
      deps.stats.computeMonth({ month }, { top: REPORT_TOP, publicUrls: deps.publicUrls }),
      deps.series.months(monthKey(first), monthKey(month), { brandId: null, sourceId: null }),
      deps.survival.compute({ range: { from: range.from, to: range.to }, urls: deps.publicUrls, now }),
    ]);
    const byKey = new Map(points.map((p) => [p.month, p]));
    const trend: TrendPoint[] = [];
    for (let i = 0; i < TREND_MONTHS; i++) {
      const m = addMonths(first, i);
      const p = byKey.get(monthKey(m));
      trend.push({
        month: m,
        reports: p?.reports ?? 0,
        uniqueUrls: p?.uniqueUrls ?? 0,
        brandsAbused: p?.brandsAbused ?? 0,
      });
    }
    return {
      version: FIGURES_VERSION,
      month,
      computedAt: new Date(now).toISOString(),
      stats,
      trend,
      survival,
    };
  };
}

export type ComputeFigures = ReturnType<typeof createFiguresComputer>;
