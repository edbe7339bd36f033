import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/**
 * Triage rules (issue 16 step 2, src/rules). `rule_sets`: every saved rule set is a new row with the next
 * version; the active set is the highest version. `rules` is the set's JSON (validated by
 * src/rules/rule-schema.ts). `rule_priorities`: the queue priority a priority rule gave a URL, with the
 * rule, its version and the evidence used. Never edit once landed: add a new migration instead.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { id, idType, ref, time } = columnTypes(dialect);
  await db.schema
    .createTable('rule_sets')
    .addColumn('id', idType, id)
    .addColumn('version', 'integer', (c) => c.notNull().unique())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_by', ref)
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('rule_priorities')
    .addColumn('url_id', ref, (c) => c.primaryKey())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('rule_set_id', ref, (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('rule_version', 'integer', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rule_priorities_priority')
    .on('rule_priorities')
    .columns(['priority'])
    .execute();
}
