import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/**
 * The managed brand registry (src/brands): brands become data that analysts create, edit, merge and
 * retire; every process rebuilds its matcher when the registry's version row changes; re-attribution
 * runs record their progress. Never edit once landed: add a new migration instead.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { id, idType, ref, time } = columnTypes(dialect);
  // active | retired | merged (then merged_into names the brand that took its aliases and domains).
  await db.schema
    .alterTable('brands')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .execute();
  await db.schema
    .alterTable('brands')
    .addColumn('merged_into', ref, (c) => c.references('brands.id'))
    .execute();
  // 1 once a person changed the brand: the seed no longer adds its spellings back at start-up.
  await db.schema
    .alterTable('brands')
    .addColumn('managed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // One row (id 1): bumped in the transaction of every registry change; processes poll it cheaply.
  await db.schema
    .createTable('brand_registry_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('changed_at', time, (c) => c.notNull())
    .execute();
  await sql`insert into brand_registry_version (id, version, changed_at) values (1, 1, 0)`.execute(db);

  // One re-attribution run per registry change (job brands.reattribute), with its progress.
  await db.schema
    .createTable('brand_reattributions')
    .addColumn('id', idType, id)
    // queued | running | done | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // JSON array of brand ids whose URLs and reports are candidates besides the unattributed ones
    // (merged or retired brands).
    .addColumn('brand_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('requested_by', ref)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('started_at', time)
    .addColumn('finished_at', time)
    .addColumn('url_cursor', ref, (c) => c.notNull().defaultTo(0))
    .addColumn('report_cursor', ref, (c) => c.notNull().defaultTo(0))
    .addColumn('urls_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('urls_scanned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('urls_changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('urls_kept', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reports_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reports_scanned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reports_changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('brand_reattributions_created')
    .on('brand_reattributions')
    .column('created_at')
    .execute();
  // Unattributed reports are re-attribution's candidates (unattributed URLs use urls_brand).
  await db.schema.createIndex('reports_brand_id').on('reports').columns(['brand_id', 'id']).execute();
}
