import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/** fetch checks, captures, RDAP cache, takedown cases (src/fetch, src/liveness, src/capture, src/takedowns). Never edit once landed: add a new migration instead. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { id, idType, ref, time } = columnTypes(dialect);

  // One row per liveness check of a URL: "live since", "down since" and time-to-takedown come from here.
  await db.schema
    .createTable('url_checks')
    .addColumn('id', idType, id)
    .addColumn('url_id', ref, (c) => c.notNull().references('urls.id').onDelete('cascade'))
    .addColumn('checked_at', time, (c) => c.notNull())
    // live | down | error (error: no verdict, e.g. a timeout or a refused target)
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('final_url', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('address', 'text')
    .addColumn('redirects', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tls', 'text')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer')
    .execute();
  await db.schema.createIndex('url_checks_url').on('url_checks').columns(['url_id', 'checked_at']).execute();

  // The schedule of each watched (confirmed) URL; stopped once it has been down long enough.
  await db.schema
    .createTable('liveness_watch')
    .addColumn('url_id', ref, (c) => c.primaryKey().references('urls.id').onDelete('cascade'))
    .addColumn('started_at', time, (c) => c.notNull())
    .addColumn('next_check_at', time, (c) => c.notNull())
    .addColumn('last_checked_at', time)
    .addColumn('last_result', 'text')
    .addColumn('checks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stopped_at', time)
    .execute();
  await db.schema
    .createIndex('liveness_watch_due')
    .on('liveness_watch')
    .columns(['stopped_at', 'next_check_at'])
    .execute();

  // Files under <dataDir>/evidence/<sha256>: content-addressed, so one screenshot is stored once.
  await db.schema
    .createTable('evidence_files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('stored_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('captures')
    .addColumn('id', idType, id)
    .addColumn('url_id', ref, (c) => c.references('urls.id').onDelete('cascade'))
    // desktop and mobile captures taken together share a batch
    .addColumn('batch', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('requested_url', 'text', (c) => c.notNull())
    .addColumn('final_url', 'text')
    .addColumn('http_status', 'integer')
    // JSON FetchHop[]: the HTTP redirects from the requested URL to the final one
    .addColumn('redirects', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('title', 'text')
    .addColumn('form_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('screenshot_sha256', 'text')
    .addColumn('dom_sha256', 'text')
    .addColumn('har_sha256', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('differences', 'text')
    .addColumn('captured_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('captures_url').on('captures').columns(['url_id', 'captured_at']).execute();

  await db.schema
    .createTable('rdap_cache')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('fetched_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('found', 'integer', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('takedown_cases')
    .addColumn('id', idType, id)
    .addColumn('url_id', ref, (c) => c.notNull().references('urls.id'))
    // url | domain (a case for the whole registrable domain)
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('target_url', 'text', (c) => c.notNull())
    .addColumn('target_host', 'text', (c) => c.notNull())
    .addColumn('target_domain', 'text')
    .addColumn('brand_id', ref, (c) => c.references('brands.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('contacts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('first_reported_at', time, (c) => c.notNull())
    .addColumn('opened_at', time, (c) => c.notNull())
    .addColumn('requested_at', time)
    .addColumn('acknowledged_at', time)
    .addColumn('escalated_at', time)
    .addColumn('down_at', time)
    .addColumn('closed_at', time)
    .addColumn('close_reason', 'text')
    .addColumn('last_capture_id', ref, (c) => c.references('captures.id'))
    .addColumn('opened_by', ref)
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('takedown_cases_state')
    .on('takedown_cases')
    .columns(['state', 'opened_at'])
    .execute();
  await db.schema.createIndex('takedown_cases_url').on('takedown_cases').column('url_id').execute();

  await db.schema
    .createTable('takedown_events')
    .addColumn('id', idType, id)
    .addColumn('case_id', ref, (c) => c.notNull().references('takedown_cases.id').onDelete('cascade'))
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('actor_user_id', ref)
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .createIndex('takedown_events_case')
    .on('takedown_events')
    .columns(['case_id', 'at'])
    .execute();
}
