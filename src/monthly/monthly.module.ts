/**
 * Builds the monthly module from the application context: one place for the server and the CLI, so
 * neither wires the statistics, the figures and the PDF printer differently.
 */
import type { AppContext } from '../context.ts';
import { PUBLIC_AUDIENCE } from '../sharing/disclosure.ts';
import { createSeriesRepository } from '../stats/series.repository.ts';
import { createStatsRepository } from '../stats/stats.repository.ts';
import { createStatsService } from '../stats/stats.service.ts';
import { createSurvivalRepository } from '../stats/survival.repository.ts';
import { createSurvivalService } from '../stats/survival.service.ts';
import { createDashboardService } from './dashboard.service.ts';
import { createFiguresComputer } from './figures.ts';
import { createMonthlyRepository } from './monthly.repository.ts';
import { createMonthlyService } from './monthly.service.ts';

/**
 * Chromium's print of the report page: the very HTML the page route serves, printed with the print CSS
 * on A4 (pdf-renderer.ts: scripts off, every request refused, cached by the document's hash).
 */
const PRINT = { printMedia: true } as const;

export function createMonthlyModule(ctx: AppContext) {
  const statsRepo = createStatsRepository(ctx.db);
  const series = createSeriesRepository(ctx.db);
  const stats = createStatsService({ repo: statsRepo, clock: ctx.clock });
  const survival = createSurvivalService({
    repo: createSurvivalRepository(ctx.db),
    clock: ctx.clock,
    minCases: ctx.config.takedownStats.minCases,
  });
  const monthly = createMonthlyService({
    repo: createMonthlyRepository(ctx.db),
    computeFigures: createFiguresComputer({
      stats,
      series,
      survival,
      publicUrls: ctx.disclosure.urlFilter('u', PUBLIC_AUDIENCE)!,
    }),
    clock: ctx.clock,
    audit: ctx.audit,
  });
  const dashboard = createDashboardService({ series, stats: statsRepo, clock: ctx.clock });
  return { monthly, dashboard, survival, printPdf: (html: string) => ctx.pdf.print(html, PRINT) };
}
