import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/**
 * Published monthly reports and analyst summaries (src/monthly). Never edit once landed: add a new
 * migration instead.
 *
 * monthly_reports: one row per JST month (YYYY-MM). `figures` is the statistics snapshot frozen at
 * publication (JSON text, null while a draft: drafts show live figures). User ids are plain integers
 * without a foreign key, so this table does not depend on how the accounts module names its tables.
 * monthly_report_pdfs: Chromium's print of a published month, per language, kept until the report
 * changes (unpublishing deletes it).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { pg, id, idType, time } = columnTypes(dialect);

  await db.schema
    .createTable('monthly_reports')
    .addColumn('id', idType, id)
    .addColumn('month', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('summary_ja', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('summary_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('figures', 'text')
    .addColumn('published_at', time)
    .addColumn('published_by', 'bigint')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('created_by', 'bigint')
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('updated_by', 'bigint')
    .addCheckConstraint('monthly_reports_status', sql`status in ('draft', 'published')`)
    .execute();

  await db.schema
    .createTable('monthly_report_pdfs')
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('monthly_reports.id').onDelete('cascade'))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('pdf', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('made_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('monthly_report_pdfs_pk', ['report_id', 'lang'])
    .execute();
}
