import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.ts';

/** First version of the data model. Never edit once landed: add a new migration instead. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const pg = dialect === 'postgres';
  const id = (c: ColumnDefinitionBuilder) =>
    pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
  const idType = pg ? 'bigint' : 'integer';
  const ref = 'bigint' as const;
  const time = 'bigint' as const;
  const real = pg ? 'double precision' : 'real';

  await db.schema
    .createTable('sources')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('schedule', 'text')
    .addColumn('credentials', 'text')
    .addColumn('licence', 'text')
    .addColumn('config', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    // Collector cursor (JSON): TAXII added_after, MISP event timestamps.
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('{}'))
    // When the scheduler runs it next (interval after a run, backoff after a failure); null = now.
    .addColumn('next_run_at', time)
    // Consecutive failed runs: > 0 means failing; drives the backoff.
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('source_runs')
    .addColumn('id', idType, id)
    .addColumn('source_id', ref, (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('started_at', time, (c) => c.notNull())
    .addColumn('finished_at', time)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fetched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('new_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('known_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .createIndex('source_runs_source')
    .on('source_runs')
    .columns(['source_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('brands')
    .addColumn('id', idType, id)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name_ja', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('official_domains', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('brand_aliases')
    .addColumn('id', idType, id)
    .addColumn('brand_id', ref, (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('alias_key', 'text', (c) => c.notNull().unique())
    .execute();

  await db.schema
    .createTable('domains')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('public_suffix', 'text')
    .addColumn('first_seen', time, (c) => c.notNull())
    .addColumn('last_seen', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('hosts')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('domain_id', ref, (c) => c.references('domains.id'))
    .addColumn('is_ip', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('urls')
    .addColumn('id', idType, id)
    // Unique on the SHA-256 of the canonical URL, not the URL itself: PostgreSQL b-tree keys are
    // limited to ~2.7 kB and phishing URLs can be longer.
    .addColumn('url_hash', 'text', (c) => c.notNull().unique())
    .addColumn('canonical', 'text', (c) => c.notNull())
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('host_id', ref, (c) => c.notNull().references('hosts.id'))
    .addColumn('domain_id', ref, (c) => c.references('domains.id'))
    .addColumn('tld', 'text')
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('threat', 'text', (c) => c.notNull().defaultTo('phishing'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    .addColumn('brand_id', ref, (c) => c.references('brands.id'))
    .addColumn('brand_confidence', real)
    .addColumn('brand_evidence', 'text')
    .addColumn('first_seen', time, (c) => c.notNull())
    .addColumn('last_seen', time, (c) => c.notNull())
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('urls_first_seen').on('urls').column('first_seen').execute();
  await db.schema.createIndex('urls_brand').on('urls').columns(['brand_id', 'first_seen']).execute();
  await db.schema.createIndex('urls_domain').on('urls').column('domain_id').execute();
  await db.schema.createIndex('urls_host').on('urls').column('host_id').execute();
  await db.schema.createIndex('urls_status').on('urls').columns(['status', 'first_seen']).execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', idType, id)
    .addColumn('source_id', ref, (c) => c.notNull().references('sources.id'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', time, (c) => c.notNull())
    .addColumn('reported_at', time, (c) => c.notNull())
    .addColumn('brand_label', 'text')
    // Traffic Light Protocol as the source marked it (clear|green|amber|red); null when it said nothing.
    .addColumn('tlp', 'text')
    .addColumn('brand_id', ref, (c) => c.references('brands.id'))
    .addColumn('content_type', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('reporter_contact', 'text')
    .addColumn('consent_police', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consent_brand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    // external_id first: the same index serves idempotent imports (per source) and public status
    // look-ups by the random id alone. Time-range scans use reports_stats (0002).
    .addUniqueConstraint('reports_external_source', ['external_id', 'source_id'])
    .execute();
  // Only reports still waiting for analysis: imported feed rows never enter this index.
  await db.schema
    .createIndex('reports_pending')
    .on('reports')
    .column('received_at')
    .where(sql.ref('status'), '=', 'received')
    .execute();
  await db.schema.createIndex('reports_brand').on('reports').columns(['brand_id', 'reported_at']).execute();

  await db.schema
    .createTable('report_urls')
    .addColumn('report_id', ref, (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('url_id', ref, (c) => c.notNull().references('urls.id'))
    .addPrimaryKeyConstraint('report_urls_pk', ['report_id', 'url_id'])
    .execute();
  await db.schema.createIndex('report_urls_url').on('report_urls').column('url_id').execute();

  await db.schema
    .createTable('report_attachments')
    .addColumn('id', idType, id)
    .addColumn('report_id', ref, (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('filename', 'text')
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_attachments_report')
    .on('report_attachments')
    .column('report_id')
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('run_at', time, (c) => c.notNull())
    .addColumn('locked_until', time)
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('singleton_key', 'text', (c) => c.unique())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_ready').on('jobs').columns(['status', 'name', 'run_at']).execute();
}
