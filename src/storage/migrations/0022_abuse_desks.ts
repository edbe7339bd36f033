import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/**
 * The abuse-desk registry of the takedowns module: how each hoster or registrar wants to be asked
 * (keyed by RDAP entity handle, network name or domain), and every notice sent or filed to a desk about a
 * target URL (what the "no second notice while one is open" rule and the desk's record are read from).
 * Never edit once landed: add a new migration instead.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { id, idType, ref, time } = columnTypes(dialect);
  await db.schema
    .createTable('abuse_desks')
    .addColumn('id', idType, id)
    // rdap_handle | network | domain
    .addColumn('key_kind', 'text', (c) => c.notNull())
    // Lower-cased, so a handle or name matches however a registry spells it.
    .addColumn('key_value', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    // email | web_form | api
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('form_url', 'text')
    .addColumn('api_url', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull().defaultTo(''))
    // rdap | manual
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('updated_by', ref)
    .addUniqueConstraint('abuse_desks_key', ['key_kind', 'key_value'])
    .execute();
  await db.schema
    .createTable('takedown_notices')
    .addColumn('id', idType, id)
    .addColumn('case_id', ref, (c) => c.notNull().references('takedown_cases.id'))
    .addColumn('desk_id', ref, (c) => c.notNull().references('abuse_desks.id'))
    .addColumn('target_url', 'text', (c) => c.notNull())
    // request | escalation
    .addColumn('kind', 'text', (c) => c.notNull())
    // email | web_form | api
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('takedown_notices_desk_url')
    .on('takedown_notices')
    .columns(['desk_id', 'target_url'])
    .execute();
}
