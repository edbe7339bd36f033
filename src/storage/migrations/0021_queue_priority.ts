import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * The triage queue's priority order (issue 16 step 4, src/triage/priority.ts). `urls.priority`: one
 * integer that sorts like (rule priority, live, independent reporters, brand), kept by the triage module
 * whenever the rules job evaluates a URL; 0 until then. `urls.priority_reasons`: JSON, what the score is
 * made of (null: not evaluated since this migration). The two indexes serve the order
 * `priority desc, first_seen desc, id desc` (and its keyset cursor) without sorting: one under a status
 * (the staff's queue of `new` URLs), one across every status. Never edit once landed.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('urls')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('urls').addColumn('priority_reasons', 'text').execute();
  await db.schema
    .createIndex('urls_status_priority')
    .on('urls')
    .columns(['status', 'priority', 'first_seen', 'id'])
    .execute();
  await db.schema.createIndex('urls_priority').on('urls').columns(['priority', 'first_seen', 'id']).execute();
}
