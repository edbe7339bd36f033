import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * What makes report processing observable (src/reliability): `report_processing` holds, per report, when
 * its analysis claimed it and how many times a claim happened. A claim is the report's status leaving
 * 'received' (reports/ingest.repository completeReport: the status change is the claim), recorded by a
 * trigger so every writer is counted, whichever process or code path it is. `runs` > 1 means the report
 * was analysed more than once (a re-analysis after a reset, or a bug). Never edit once landed.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('report_processing')
    .addColumn('report_id', 'bigint', (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
    .addColumn('processed_at', 'bigint', (c) => c.notNull())
    .addColumn('runs', 'integer', (c) => c.notNull())
    .execute();

  if (dialect === 'postgres') {
    await sql`create function report_processing_claim() returns trigger language plpgsql as $$ begin
      insert into report_processing (report_id, processed_at, runs)
      values (new.id, (extract(epoch from clock_timestamp()) * 1000)::bigint, 1)
      on conflict (report_id) do update set runs = report_processing.runs + 1,
        processed_at = excluded.processed_at;
      return null;
    end $$`.execute(db);
    await sql`create trigger report_processing_claim after update of status on reports
      for each row when (old.status = 'received' and new.status <> 'received')
      execute function report_processing_claim()`.execute(db);
  } else {
    await sql`create trigger report_processing_claim after update of status on reports
      when old.status = 'received' and new.status <> 'received' begin
      insert into report_processing (report_id, processed_at, runs)
      values (new.id, cast((julianday('now') - 2440587.5) * 86400000 as integer), 1)
      on conflict (report_id) do update set runs = runs + 1, processed_at = excluded.processed_at;
    end`.execute(db);
  }
}
