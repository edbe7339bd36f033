import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/**
 * Evidence on arrival (src/arrival): the next moment each host may be visited again (per-host
 * politeness, shared by every worker). Outcome notices (src/outcome): one row per public report whose
 * reporter left an address and agreed to hear what became of it; the row is the consent, and its state
 * says whether the one e-mail went out. Never edit once landed: add a new migration instead.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { ref, time } = columnTypes(dialect);
  await db.schema
    .createTable('arrival_hosts')
    .addColumn('host', 'text', (c) => c.primaryKey())
    .addColumn('next_visit_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('outcome_notices')
    .addColumn('report_id', ref, (c) => c.primaryKey().references('reports.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    // pending | sent | failed
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('sent_at', time)
    .execute();
  await db.schema
    .createIndex('outcome_notices_pending')
    .on('outcome_notices')
    .columns(['state', 'created_at'])
    .execute();
}
