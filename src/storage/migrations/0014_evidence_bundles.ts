import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/**
 * Signed evidence bundles (src/evidence): one per takedown request or escalation. The archive itself is
 * an evidence file (evidence_files, kind 'bundle'); the token is the capability in the mail's link.
 * Never edit once landed: add a new migration instead.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { id, idType, ref, time } = columnTypes(dialect);
  await db.schema
    .createTable('evidence_bundles')
    .addColumn('id', idType, id)
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('case_id', ref, (c) => c.notNull().references('takedown_cases.id'))
    // request | escalation
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('capture_id', ref, (c) => c.notNull().references('captures.id'))
    .addColumn('check_id', ref, (c) => c.notNull().references('url_checks.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('key_fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_bundles_case').on('evidence_bundles').column('case_id').execute();
}
