import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/**
 * Appeals (src/appeals): the public's "this is my site / it is clean now" about a URL or domain phishdesk
 * lists, with the deadline an analyst must answer by and the decision. And the listing lifecycle of the
 * sharing module (src/sharing/sync.ts): when a shared URL was last verified (listed, re-confirmed, or found
 * live by a liveness check), and whether it left the lists because that is too long ago (LISTING_TTL_DAYS).
 * Never edit once landed.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { id, idType, ref, time } = columnTypes(dialect);
  await db.schema
    .createTable('appeals')
    .addColumn('id', idType, id)
    // What the appellant typed (trimmed), and what it was read as: url (a canonical URL), domain (a
    // registrable domain) or host (any other host name).
    .addColumn('target_input', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_value', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    // How many listed URLs (any TLP) the target matched when the appeal arrived.
    .addColumn('matched_at_receipt', 'integer', (c) => c.notNull())
    // open | upheld | rejected
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', time, (c) => c.notNull())
    .addColumn('deadline_at', time, (c) => c.notNull())
    .addColumn('decided_at', time)
    .addColumn('decided_by', ref)
    .addColumn('decision_reason', 'text')
    // JSON array of the URL ids an upheld decision took off the lists.
    .addColumn('removed_url_ids', 'text')
    .execute();
  await db.schema
    .createIndex('appeals_status_deadline')
    .on('appeals')
    .columns(['status', 'deadline_at', 'id'])
    .execute();

  await db.schema.alterTable('sharing_urls').addColumn('verified_at', time).execute();
  await db.schema
    .alterTable('sharing_urls')
    .addColumn('expired', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update sharing_urls set verified_at = listed_at`.execute(db);
  await db.schema
    .createIndex('sharing_urls_active_verified')
    .on('sharing_urls')
    .columns(['active', 'verified_at'])
    .execute();
}
