import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * The DMARC verdict and published policy of a reported e-mail, extracted with its sender domain by the
 * statistics engine (the monthly "DMARC verdict and policy mix"). Rows extracted before this migration
 * carry extractor 'sender-v1' and are re-extracted on the next computation of their month.
 * Never edit once landed: add a new migration instead.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('report_email_senders').addColumn('dmarc', 'text').execute();
  await db.schema.alterTable('report_email_senders').addColumn('dmarc_policy', 'text').execute();
}
