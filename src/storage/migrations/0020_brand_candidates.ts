import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/**
 * Emerging brands (src/brands/emerging.ts): a run (job brands.emerging, asked for by an analyst's refresh)
 * groups recent unattributed URLs and reports by a shared token and stores its candidates here, so the
 * console reads a stored result instead of scanning 100k URLs on every GET. Never edit once landed.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { id, idType, ref, time } = columnTypes(dialect);
  await db.schema
    .createTable('brand_candidate_runs')
    .addColumn('id', idType, id)
    // queued | running | done | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', ref)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('started_at', time)
    .addColumn('finished_at', time)
    // The weeks counted: [window_from, window_to), window_from a Monday 00:00 JST.
    .addColumn('window_from', time, (c) => c.notNull())
    .addColumn('window_to', time, (c) => c.notNull())
    .addColumn('urls_scanned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reports_scanned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('candidates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('brand_candidate_runs_status')
    .on('brand_candidate_runs')
    .columns(['status', 'id'])
    .execute();

  await db.schema
    .createTable('brand_candidates')
    .addColumn('run_id', ref, (c) => c.notNull().references('brand_candidate_runs.id'))
    // 1 = most items; the cursor of the candidate list.
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    // JSON arrays: the kinds of evidence it came from (host, path, subject, sender, text), the counts per
    // week ([urls, reports] per week of the window, oldest first), samples ({ kind, text } defanged).
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('urls', 'integer', (c) => c.notNull())
    .addColumn('reports', 'integer', (c) => c.notNull())
    .addColumn('sites', 'integer', (c) => c.notNull())
    .addColumn('weeks', 'text', (c) => c.notNull())
    .addColumn('samples', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('brand_candidates_pk', ['run_id', 'rank'])
    .execute();
}
