/**
 * Builds the monthly module from the application context: one place for the server and the CLI, so
 * neither wires the statistics, the figures and the PDF printer differently.
 */
import type { AppContext } from '../context.ts';
import { createSeriesRepository } from '../stats/series.repository.ts';
import { createStatsRepository } from '../stats/stats.repository.ts';
import { createStatsService } from '../stats/stats.service.ts';
import { createDashboardService } from './dashboard.service.ts';
import { createFiguresComputer } from './figures.ts';
import { createMonthlyRepository } from './monthly.repository.ts';
import { createMonthlyService } from './monthly.service.ts';
import { printHtmlToPdf } from './pdf.ts';

export function createMonthlyModule(ctx: AppContext) {
  const statsRepo = createStatsRepository(ctx.db);
  const series = createSeriesRepository(ctx.db);
  const stats = createStatsService({ repo: statsRepo, clock: ctx.clock });
  const monthly = createMonthlyService({
    repo: createMonthlyRepository(ctx.db),
    computeFigures: createFiguresComputer({ stats, series }),
    clock: ctx.clock,
    audit: ctx.audit,
  });
  const dashboard = createDashboardService({ series, stats: statsRepo, clock: ctx.clock });
  return { monthly, dashboard, printPdf: (html: string) => printHtmlToPdf(ctx.config, html) };
}
