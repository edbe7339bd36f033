import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * What the statistics engine (src/stats) needs to compute a month in well under a second.
 * Never edit once landed: add a new migration instead.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  // Covering index for every per-report figure of a period (counts by brand, source and kind): the month
  // is one range scan of this index, without touching the table (index-only on both databases).
  await db.schema
    .createIndex('reports_stats')
    .on('reports')
    .columns(['reported_at', 'brand_id', 'source_id', 'kind'])
    .execute();

  // The sender domain of an e-mail report, extracted once from its payload or attached message by the
  // statistics engine (payload and attachments never change after intake, so the row stays true).
  // from_domain is null when no sender could be found; `extractor` names the extraction rule version.
  await db.schema
    .createTable('report_email_senders')
    .addColumn('report_id', 'bigint', (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
    .addColumn('from_domain', 'text')
    .addColumn('extractor', 'text', (c) => c.notNull())
    .addColumn('extracted_at', 'bigint', (c) => c.notNull())
    .execute();
}
