/**
 * The monthly report's life: a draft (live figures, the analyst's summaries in Japanese and English) is
 * published once its month is over, which freezes the figures as they were; staff may unpublish to correct
 * it (the snapshot and cached PDFs are dropped, the next publication freezes anew). Everyone may read a
 * published month; drafts and months without a report are visible to staff only.
 */
import { isStaff, type Principal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { monthRange } from '../stats/period.ts';
import type { ComputeFigures, MonthlyFigures } from './figures.ts';
import type { MonthlyReportHead, MonthlyRepository } from './monthly.repository.ts';

/** The accounts module's audit trail (ctx.audit); absent until that module is wired. */
export type AuditSink = {
  record(entry: {
    principal: Principal;
    action: string;
    entity: string;
    entityId: string | number;
    before: unknown;
    after: unknown;
  }): Promise<unknown>;
};

export const SUMMARY_MAX_CHARS = 20_000;

export type MonthlyReportView = {
  month: string;
  status: 'draft' | 'published' | 'none';
  summaryJa: string;
  summaryEn: string;
  publishedAt: number | null;
  figures: MonthlyFigures;
  reportId: number | null;
};

function staffOnly(principal: Principal | null): Principal {
  if (!principal) throw new AppError('auth.required', 'sign in or send an API key');
  if (!isStaff(principal))
    throw new AppError('auth.forbidden', 'this needs one of the roles: admin, analyst');
  return principal;
}

function present(h: MonthlyReportHead) {
  return {
    month: h.month,
    status: h.status,
    summaryJa: h.summary_ja,
    summaryEn: h.summary_en,
    publishedAt: h.published_at === null ? null : new Date(Number(h.published_at)).toISOString(),
    updatedAt: new Date(Number(h.updated_at)).toISOString(),
  };
}
export type MonthlyReportSummary = ReturnType<typeof present>;

export function createMonthlyService(deps: {
  repo: MonthlyRepository;
  computeFigures: ComputeFigures;
  clock: Clock;
  audit?: AuditSink | undefined;
}) {
  const { repo, clock } = deps;

  async function audit(principal: Principal, action: string, month: string, before: unknown, after: unknown) {
    await deps.audit?.record({ principal, action, entity: 'monthly_report', entityId: month, before, after });
  }

  function checkSummary(text: string, name: string): string {
    if (text.length > SUMMARY_MAX_CHARS)
      throw new AppError('request.invalid', `${name} is longer than ${SUMMARY_MAX_CHARS} characters`);
    return text.replace(/\r\n?/g, '\n');
  }

  async function mustFind(month: string) {
    monthRange(month);
    const row = await repo.find(month);
    if (!row) throw new AppError('not_found', `no monthly report for ${month}`);
    return row;
  }

  async function load(month: string, staff: boolean): Promise<MonthlyReportView> {
    monthRange(month);
    const row = await repo.find(month);
    if (row?.status === 'published' && row.figures !== null) {
      return {
        month,
        status: 'published',
        summaryJa: row.summary_ja,
        summaryEn: row.summary_en,
        publishedAt: row.published_at === null ? null : Number(row.published_at),
        figures: JSON.parse(row.figures) as MonthlyFigures,
        reportId: row.id,
      };
    }
    if (!staff) throw new AppError('not_found', `no published report for ${month}`);
    return {
      month,
      status: row ? 'draft' : 'none',
      summaryJa: row?.summary_ja ?? '',
      summaryEn: row?.summary_en ?? '',
      publishedAt: null,
      figures: await deps.computeFigures(month, clock.now()),
      reportId: row?.id ?? null,
    };
  }

  return {
    /** Published months for everyone; staff also see drafts. */
    async list(principal: Principal | null): Promise<MonthlyReportSummary[]> {
      const staff = principal !== null && isStaff(principal);
      return (await repo.list({ publishedOnly: !staff })).map(present);
    },

    /** Creates the month's draft or updates its summaries (a published report must be unpublished first). */
    async saveDraft(
      principal: Principal | null,
      month: string,
      input: { summaryJa?: string | undefined; summaryEn?: string | undefined },
    ): Promise<MonthlyReportSummary> {
      const who = staffOnly(principal);
      monthRange(month);
      const before = await repo.find(month);
      if (before?.status === 'published')
        throw new AppError('conflict', `${month} is published: unpublish it to edit the summary`);
      const row = {
        month,
        summaryJa: checkSummary(input.summaryJa ?? before?.summary_ja ?? '', 'summaryJa'),
        summaryEn: checkSummary(input.summaryEn ?? before?.summary_en ?? '', 'summaryEn'),
        userId: who.userId,
        now: clock.now(),
      };
      if (before) {
        if (!(await repo.updateDraft(row))) throw new AppError('conflict', `${month} changed meanwhile`);
      } else await repo.insert(row);
      const after = await mustFind(month);
      await audit(
        who,
        before ? 'monthly_report.edit' : 'monthly_report.create',
        month,
        before ? present(before) : null,
        present(after),
      );
      return present(after);
    },

    /** Freezes the figures as they are now; only a month that is over can be published. */
    async publish(principal: Principal | null, month: string): Promise<MonthlyReportSummary> {
      const who = staffOnly(principal);
      const before = await mustFind(month);
      if (before.status === 'published') throw new AppError('conflict', `${month} is already published`);
      const now = clock.now();
      if (monthRange(month).to > now)
        throw new AppError('conflict', `${month} is not over yet: publish it after the month ends`);
      const figures = await deps.computeFigures(month, now);
      if (!(await repo.publish({ month, figures: JSON.stringify(figures), userId: who.userId, now })))
        throw new AppError('conflict', `${month} changed meanwhile`);
      const after = await mustFind(month);
      await audit(who, 'monthly_report.publish', month, present(before), present(after));
      return present(after);
    },

    async unpublish(principal: Principal | null, month: string): Promise<MonthlyReportSummary> {
      const who = staffOnly(principal);
      const before = await mustFind(month);
      if (before.status !== 'published') throw new AppError('conflict', `${month} is not published`);
      if (!(await repo.unpublish({ month, userId: who.userId, now: clock.now() })))
        throw new AppError('conflict', `${month} changed meanwhile`);
      const after = await mustFind(month);
      await audit(who, 'monthly_report.unpublish', month, present(before), present(after));
      return present(after);
    },

    /**
     * What the report page shows: a published month's frozen figures to anyone; for staff, a draft (or a
     * month without a report yet) with live figures. Others get not_found, as if the month did not exist.
     */
    async view(principal: Principal | null, month: string): Promise<MonthlyReportView> {
      return load(month, principal !== null && isStaff(principal));
    },

    /** The operator at the command line: like staff, any month (published figures when published). */
    async operatorView(month: string): Promise<MonthlyReportView> {
      return load(month, true);
    },

    /** The PDF of a published month from the cache, or made by `make` and cached. Drafts are never cached. */
    async pdf(view: MonthlyReportView, lang: string, make: () => Promise<Buffer>): Promise<Buffer> {
      if (view.status !== 'published' || view.reportId === null) return make();
      const cached = await repo.cachedPdf(view.reportId, lang);
      if (cached) return cached;
      const pdf = await make();
      await repo.savePdf(view.reportId, lang, pdf, clock.now());
      return pdf;
    },
  };
}

export type MonthlyService = ReturnType<typeof createMonthlyService>;
