import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * Source trust and automatic verdicts (issue 16). Every source gets a trust level set by an admin
 * ('confirmed' | 'trusted' | 'public', default 'public'); a verdict records what decided it: `basis` null
 * = a person (or the system, as before), 'source' = a confirmed source's import, 'rule' = a triage rule
 * (rule set id and version), with the evidence it used (JSON text) and the source that decided it.
 * Never edit once landed: add a new migration instead.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('sources')
    .addColumn('trust', 'text', (c) => c.notNull().defaultTo('public'))
    .execute();
  await db.schema.alterTable('url_verdicts').addColumn('basis', 'text').execute();
  await db.schema.alterTable('url_verdicts').addColumn('source_id', 'bigint').execute();
  await db.schema.alterTable('url_verdicts').addColumn('rule_set_id', 'bigint').execute();
  await db.schema.alterTable('url_verdicts').addColumn('rule_version', 'integer').execute();
  await db.schema.alterTable('url_verdicts').addColumn('rule_id', 'text').execute();
  await db.schema.alterTable('url_verdicts').addColumn('evidence', 'text').execute();
  // Statistics count verdicts per month, automatic apart from human.
  await db.schema.createIndex('url_verdicts_at').on('url_verdicts').columns(['at']).execute();
}
