import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Lang } from '../../web/src/i18n/catalogue.ts';
import { pickLang } from '../../web/src/i18n/translate.ts';
import { requirePrincipal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import { pageContext } from '../pages/layout.tsx';
import { PUBLIC_CSP } from '../pages/pages.routes.ts';
import { statsSchema } from '../stats/stats.schema.ts';
import { survivalSchema } from '../stats/survival.schema.ts';
import { zipFiles } from './csv.ts';
import { dashboardSchema } from './dashboard.schema.ts';
import type { DashboardService } from './dashboard.service.ts';
import { csvFiles } from './export.ts';
import { renderMonthlyIndex, renderMonthlyReport } from './monthly.page.tsx';
import { type MonthlyService, SUMMARY_MAX_CHARS } from './monthly.service.ts';
import { TABLE_NAMES } from './tables.ts';

const STAFF = ['admin', 'analyst'] as const;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const FILE = /^(\d{4}-(?:0[1-9]|1[0-2]))(?:\.(pdf|csv|zip))?$/;

const monthParam = z.object({ month: z.string().regex(MONTH, 'YYYY-MM') });
const summarySchema = z.object({
  month: z.string(),
  status: z.enum(['draft', 'published']),
  summaryJa: z.string(),
  summaryEn: z.string(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
const viewSchema = z.object({
  month: z.string(),
  status: z.enum(['draft', 'published', 'none']),
  summaryJa: z.string(),
  summaryEn: z.string(),
  publishedAt: z.string().nullable(),
  figures: z.object({
    version: z.number(),
    month: z.string(),
    computedAt: z.string(),
    // Snapshots frozen before the takedown figures existed hold null there.
    stats: statsSchema.extend({ takedowns: statsSchema.shape.takedowns.nullable() }),
    trend: z.array(
      z.object({ month: z.string(), reports: z.number(), uniqueUrls: z.number(), brandsAbused: z.number() }),
    ),
    // Time to takedown of the month's cases; absent from snapshots frozen before it existed.
    survival: survivalSchema.nullable().optional(),
  }),
});
const idParam = z.coerce.number().int().positive().optional();

const principalOf = (request: FastifyRequest) => request.principal ?? null;

function sendHtml(reply: FastifyReply, html: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PUBLIC_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .send(html);
}

/**
 * The monthly report: public pages (/reports/monthly/YYYY-MM, .pdf, .zip, .csv?table=) for published
 * months (drafts for staff), the staff API to edit and publish, and the dashboard API.
 */
export function monthlyRoutes(deps: {
  monthly: MonthlyService;
  dashboard: DashboardService;
  printPdf: (html: string) => Promise<Buffer>;
}): FastifyPluginAsyncZod {
  // One print per (month, language) at a time: concurrent requests for a PDF not yet cached share it.
  const printing = new Map<string, Promise<Buffer>>();

  return async (app) => {
    const langQuery = z.object({ lang: z.string().optional() });

    app.get(
      '/reports/monthly',
      { schema: { hide: true, querystring: langQuery } },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        const list = await deps.monthly.list(principalOf(request));
        return sendHtml(reply, renderMonthlyIndex(pageContext(lang, '/reports/monthly'), list));
      },
    );

    app.get(
      '/reports/monthly/:file',
      {
        schema: {
          hide: true,
          params: z.object({ file: z.string().max(20) }),
          querystring: z.object({ lang: z.string().optional(), table: z.string().max(40).optional() }),
        },
      },
      async (request, reply) => {
        const m = FILE.exec(request.params.file);
        if (!m) throw new AppError('not_found', 'no such report');
        const [, month, ext] = m as unknown as [string, string, string | undefined];
        const lang: Lang = pickLang(request.query.lang, request.headers['accept-language']);
        const view = await deps.monthly.view(principalOf(request), month);
        const path = `/reports/monthly/${month}`;
        const html = () => renderMonthlyReport(pageContext(lang, path), view);
        // Drafts change with every new report: never let a cache keep them.
        reply.header('cache-control', view.status === 'published' ? 'public, max-age=300' : 'no-store');
        if (ext === undefined) return sendHtml(reply, html());
        const base = `phishdesk-monthly-${month}-${lang}`;
        if (ext === 'pdf') {
          const key = `${month}/${lang}/${view.status}`;
          let job = printing.get(key);
          if (!job) {
            job = deps.monthly
              .pdf(view, lang, () => deps.printPdf(html()))
              .finally(() => printing.delete(key));
            printing.set(key, job);
          }
          const pdf = await job;
          return reply
            .type('application/pdf')
            .header('content-disposition', `inline; filename="${base}.pdf"`)
            .send(pdf);
        }
        const files = csvFiles(lang, view.figures);
        if (ext === 'zip') {
          return reply
            .type('application/zip')
            .header('content-disposition', `attachment; filename="${base}.zip"`)
            .send(zipFiles(files.map((f) => ({ name: `${base}-${f.table}.csv`, data: f.data }))));
        }
        const table = request.query.table;
        const file = files.find((f) => f.table === table);
        if (!file)
          throw new AppError(
            'request.invalid',
            `table must be one of: ${TABLE_NAMES.join(', ')} (or get ${month}.zip)`,
          );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${base}-${file.table}.csv"`)
          .send(file.data);
      },
    );

    app.get(
      '/api/v1/monthly-reports',
      {
        schema: {
          summary: 'Monthly reports: published ones for everyone, drafts too for staff',
          tags: ['monthly'],
          response: { 200: z.object({ reports: z.array(summarySchema) }) },
        },
      },
      async (request) => ({ reports: await deps.monthly.list(principalOf(request)) }),
    );

    app.get(
      '/api/v1/monthly-reports/:month',
      {
        schema: {
          summary: "A month's report: summaries and figures (frozen if published, live for staff otherwise)",
          tags: ['monthly'],
          params: monthParam,
          response: { 200: viewSchema },
        },
      },
      async (request) => {
        const view = await deps.monthly.view(principalOf(request), request.params.month);
        return {
          month: view.month,
          status: view.status,
          summaryJa: view.summaryJa,
          summaryEn: view.summaryEn,
          publishedAt: view.publishedAt === null ? null : new Date(view.publishedAt).toISOString(),
          figures: view.figures,
        };
      },
    );

    app.put(
      '/api/v1/monthly-reports/:month',
      {
        schema: {
          summary: "Create or edit a month's draft: the analyst's summaries (plain text or simple Markdown)",
          tags: ['monthly'],
          params: monthParam,
          body: z
            .object({
              summaryJa: z.string().max(SUMMARY_MAX_CHARS).optional(),
              summaryEn: z.string().max(SUMMARY_MAX_CHARS).optional(),
            })
            .strict(),
          response: { 200: summarySchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.monthly.saveDraft(principal, request.params.month, request.body);
      },
    );

    app.post(
      '/api/v1/monthly-reports/:month/publish',
      {
        schema: {
          summary: 'Publish a month (its figures are frozen as they are now); the month must be over',
          tags: ['monthly'],
          params: monthParam,
          response: { 200: summarySchema },
        },
      },
      async (request) => deps.monthly.publish(requirePrincipal(request, STAFF), request.params.month),
    );

    app.post(
      '/api/v1/monthly-reports/:month/unpublish',
      {
        schema: {
          summary: 'Take a published month back to draft (drops the frozen figures and cached PDFs)',
          tags: ['monthly'],
          params: monthParam,
          response: { 200: summarySchema },
        },
      },
      async (request) => deps.monthly.unpublish(requirePrincipal(request, STAFF), request.params.month),
    );

    app.get(
      '/api/v1/dashboard',
      {
        schema: {
          summary: 'Dashboard series: last 30 days (daily) and last 13 months (monthly), JST',
          description: 'Optionally for one brand (`brand` id) and/or one source (`source` id). Staff only.',
          tags: ['monthly'],
          querystring: z.object({ brand: idParam, source: idParam }).strict(),
          response: { 200: dashboardSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return deps.dashboard.dashboard({
          brandId: request.query.brand ?? null,
          sourceId: request.query.source ?? null,
        });
      },
    );
  };
}
