import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/** accounts, sessions, API keys, audit log (src/accounts, src/audit). Never edit once landed: add a new migration instead. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { id, idType, ref, time } = columnTypes(dialect);

  await db.schema
    .createTable('organisations')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    // brand | partner | internal
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organisation_brands')
    .addColumn('organisation_id', ref, (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('brand_id', ref, (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('organisation_brands_pk', ['organisation_id', 'brand_id'])
    .execute();
  await db.schema
    .createIndex('organisation_brands_brand')
    .on('organisation_brands')
    .column('brand_id')
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', idType, id)
    // Stored lower-case: the unique constraint then holds case-insensitively on both dialects.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('organisation_id', ref, (c) => c.references('organisations.id'))
    // scrypt$N$r$p$salt$hash (base64): the parameters travel with the hash, so they can be raised later.
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', time)
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('last_login_at', time)
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('ja'))
    .execute();

  await db.schema
    .createTable('sessions')
    // SHA-256 of the cookie's token: a leaked table cannot be replayed as cookies.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('last_seen_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', idType, id)
    // The first characters after `pdk_`, kept in clear so a key can be recognised in lists and logs.
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', ref, (c) => c.references('users.id'))
    .addColumn('organisation_id', ref, (c) => c.references('organisations.id'))
    // partner | brand
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('tlp_clearance', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('last_used_at', time)
    .addColumn('revoked_at', time)
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', idType, id)
    .addColumn('at', time, (c) => c.notNull())
    // No foreign keys: the log outlives what it talks about and is never rewritten.
    .addColumn('actor_user_id', ref)
    .addColumn('actor_api_key_id', ref)
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_user_id', 'at']).execute();
}
