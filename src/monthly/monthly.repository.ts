import type { Selectable } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { MonthlyReportsTable } from './monthly.tables.ts';

export type MonthlyReportRow = Selectable<MonthlyReportsTable>;
/** A row without its figures snapshot (lists never load the JSON). */
export type MonthlyReportHead = Omit<MonthlyReportRow, 'figures'>;

const HEAD = [
  'id',
  'month',
  'status',
  'summary_ja',
  'summary_en',
  'published_at',
  'published_by',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const;

/** All SQL of the monthly reports: the reports themselves and the cache of their PDFs. */
export function createMonthlyRepository(db: Db) {
  const k = db.kysely;
  return {
    async list(options: { publishedOnly: boolean }): Promise<MonthlyReportHead[]> {
      let q = k.selectFrom('monthly_reports').select(HEAD).orderBy('month', 'desc');
      if (options.publishedOnly) q = q.where('status', '=', 'published');
      return q.execute();
    },

    async find(month: string): Promise<MonthlyReportRow | undefined> {
      return k.selectFrom('monthly_reports').selectAll().where('month', '=', month).executeTakeFirst();
    },

    async insert(row: {
      month: string;
      summaryJa: string;
      summaryEn: string;
      userId: number | null;
      now: number;
    }): Promise<void> {
      await k
        .insertInto('monthly_reports')
        .values({
          month: row.month,
          status: 'draft',
          summary_ja: row.summaryJa,
          summary_en: row.summaryEn,
          figures: null,
          created_at: row.now,
          created_by: row.userId,
          updated_at: row.now,
          updated_by: row.userId,
        })
        .onConflict((oc) => oc.column('month').doNothing())
        .execute();
    },

    /** Updates a draft's summaries; false when the month has no draft (missing or published). */
    async updateDraft(row: {
      month: string;
      summaryJa: string;
      summaryEn: string;
      userId: number | null;
      now: number;
    }): Promise<boolean> {
      const r = await k
        .updateTable('monthly_reports')
        .set({
          summary_ja: row.summaryJa,
          summary_en: row.summaryEn,
          updated_at: row.now,
          updated_by: row.userId,
        })
        .where('month', '=', row.month)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Draft → published with the frozen figures; false if it was not a draft (a concurrent publish). */
    async publish(row: { month: string; figures: string; userId: number | null; now: number }) {
      const r = await k
        .updateTable('monthly_reports')
        .set({
          status: 'published',
          figures: row.figures,
          published_at: row.now,
          published_by: row.userId,
          updated_at: row.now,
          updated_by: row.userId,
        })
        .where('month', '=', row.month)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Published → draft: the snapshot and the cached PDFs go (the next publication freezes anew). */
    async unpublish(row: { month: string; userId: number | null; now: number }): Promise<boolean> {
      return k.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('monthly_reports')
          .set({
            status: 'draft',
            figures: null,
            published_at: null,
            published_by: null,
            updated_at: row.now,
            updated_by: row.userId,
          })
          .where('month', '=', row.month)
          .where('status', '=', 'published')
          .returning('id')
          .executeTakeFirst();
        if (!r) return false;
        await trx.deleteFrom('monthly_report_pdfs').where('report_id', '=', r.id).execute();
        return true;
      });
    },

    async cachedPdf(reportId: number, lang: string): Promise<Buffer | undefined> {
      const r = await k
        .selectFrom('monthly_report_pdfs')
        .select('pdf')
        .where('report_id', '=', reportId)
        .where('lang', '=', lang)
        .executeTakeFirst();
      return r ? Buffer.from(r.pdf) : undefined;
    },

    async savePdf(reportId: number, lang: string, pdf: Buffer, now: number): Promise<void> {
      await k
        .insertInto('monthly_report_pdfs')
        .values({ report_id: reportId, lang, pdf, made_at: now })
        .onConflict((oc) => oc.columns(['report_id', 'lang']).doUpdateSet({ pdf, made_at: now }))
        .execute();
    },
  };
}

export type MonthlyRepository = ReturnType<typeof createMonthlyRepository>;
