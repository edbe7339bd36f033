import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/**
 * Partner feeds, brand portal, hash list (src/sharing). Never edit once landed: add a new migration instead.
 *
 * Whatever changes a confirmed URL (triage confirming or withdrawing it, a new report naming it, which may
 * change its effective TLP, a new brand) queues its id in sharing_pending through triggers, so the sharing
 * sync (src/sharing/sync.ts) catches every change whichever module or raw SQL made it, and only changed
 * URLs are recomputed.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { pg, id, idType, ref, time } = columnTypes(dialect);

  await db.schema
    .createTable('sharing_urls')
    .addColumn('url_id', ref, (c) => c.primaryKey().references('urls.id').onDelete('cascade'))
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('tlp_rank', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('listed_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('notified_at', time)
    .execute();
  await db.schema
    .createIndex('sharing_urls_updated')
    .on('sharing_urls')
    .columns(['updated_at', 'url_id'])
    .execute();

  await db.schema
    .createTable('sharing_pending')
    .addColumn('url_id', ref, (c) => c.primaryKey())
    .addColumn('queued_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sharing_hashes')
    .addColumn('id', idType, id)
    .addColumn('url_id', ref, (c) => c.notNull().references('urls.id').onDelete('cascade'))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('prefix', 'bigint', (c) => c.notNull())
    .addColumn('tlp_rank', 'integer', (c) => c.notNull())
    .addColumn('added_version', 'bigint', (c) => c.notNull())
    .addColumn('removed_version', 'bigint')
    .execute();
  await db.schema.createIndex('sharing_hashes_hash').on('sharing_hashes').column('hash').execute();
  await db.schema.createIndex('sharing_hashes_prefix').on('sharing_hashes').column('prefix').execute();
  await db.schema.createIndex('sharing_hashes_added').on('sharing_hashes').column('added_version').execute();
  await db.schema
    .createIndex('sharing_hashes_removed')
    .on('sharing_hashes')
    .column('removed_version')
    .execute();
  await db.schema.createIndex('sharing_hashes_url').on('sharing_hashes').column('url_id').execute();

  await db.schema
    .createTable('sharing_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into sharing_state (key, value) values ('hash_list_version', 0)`.execute(db);

  await db.schema
    .createTable('sharing_feedback')
    .addColumn('id', idType, id)
    .addColumn('url_id', ref, (c) => c.notNull().references('urls.id').onDelete('cascade'))
    .addColumn('brand_id', ref, (c) => c.notNull().references('brands.id'))
    .addColumn('user_id', ref, (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sharing_feedback_url')
    .on('sharing_feedback')
    .columns(['url_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('sharing_subscriptions')
    .addColumn('id', idType, id)
    .addColumn('brand_id', ref, (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('created_by', ref, (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sharing_subscriptions_brand')
    .on('sharing_subscriptions')
    .column('brand_id')
    .execute();

  if (pg) await postgresTriggers(db);
  else await sqliteTriggers(db);
  await sql`insert into sharing_pending (url_id, queued_at) select id, 0 from urls where status = 'confirmed'`.execute(
    db,
  );
}

const SQLITE_NOW = `cast((julianday('now') - 2440587.5) * 86400000 as integer)`;

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const queue = (idExpr: string) =>
    `insert into sharing_pending (url_id, queued_at) values (${idExpr}, ${SQLITE_NOW}) on conflict (url_id) do nothing;`;
  await sql
    .raw(`create trigger sharing_url_insert after insert on urls when new.status = 'confirmed' begin
    ${queue('new.id')}
  end`)
    .execute(db);
  await sql
    .raw(`create trigger sharing_url_change after update of status, brand_id on urls
  when (old.status = 'confirmed' or new.status = 'confirmed')
    and (old.status is not new.status or old.brand_id is not new.brand_id) begin
    ${queue('new.id')}
  end`)
    .execute(db);
  await sql
    .raw(`create trigger sharing_url_report after insert on report_urls
  when (select status from urls where id = new.url_id) = 'confirmed' begin
    ${queue('new.url_id')}
  end`)
    .execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  const now = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
  const statements = [
    `create function sharing_queue_url() returns trigger language plpgsql as $$ begin
      insert into sharing_pending (url_id, queued_at) values (new.id, ${now}) on conflict (url_id) do nothing;
      return null;
    end $$`,
    `create trigger sharing_url_insert after insert on urls for each row when (new.status = 'confirmed')
      execute function sharing_queue_url()`,
    `create trigger sharing_url_change after update of status, brand_id on urls for each row
      when ((old.status = 'confirmed' or new.status = 'confirmed')
        and (old.status is distinct from new.status or old.brand_id is distinct from new.brand_id))
      execute function sharing_queue_url()`,
    // Statement-level: an import links thousands of reports in one INSERT; one join finds the confirmed ones.
    `create function sharing_queue_linked() returns trigger language plpgsql as $$ begin
      insert into sharing_pending (url_id, queued_at)
      select distinct a.url_id, ${now} from added a join urls u on u.id = a.url_id where u.status = 'confirmed'
      on conflict (url_id) do nothing;
      return null;
    end $$`,
    `create trigger sharing_url_report after insert on report_urls referencing new table as added
      for each statement execute function sharing_queue_linked()`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
