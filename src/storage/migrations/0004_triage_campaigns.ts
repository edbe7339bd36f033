import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/** URL verdicts, allowlist, brand corrections, campaigns (src/triage, src/campaigns). Never edit once landed: add a new migration instead. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { pg, id, idType, ref, time } = columnTypes(dialect);

  // Every status change of a URL, oldest first per URL. actor_id null = the system (intake, allowlist).
  await db.schema
    .createTable('url_verdicts')
    .addColumn('id', idType, id)
    .addColumn('url_id', ref, (c) => c.notNull().references('urls.id').onDelete('cascade'))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', ref)
    .addColumn('at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('url_verdicts_url').on('url_verdicts').columns(['url_id', 'at']).execute();

  // Hosts and domains that are not phishing: `domain` entries cover the name and every subdomain, `host`
  // entries the exact host. Intake gives URLs on them the status 'allowlisted'.
  await db.schema
    .createTable('allowlist')
    .addColumn('id', idType, id)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('brand_id', ref, (c) => c.references('brands.id').onDelete('cascade'))
    .addColumn('added_by', ref)
    .addColumn('at', time, (c) => c.notNull())
    .addUniqueConstraint('allowlist_kind_value', ['kind', 'value'])
    .execute();

  await db.schema
    .createTable('brand_corrections')
    .addColumn('id', idType, id)
    .addColumn('url_id', ref, (c) => c.notNull().references('urls.id').onDelete('cascade'))
    .addColumn('from_brand_id', ref, (c) => c.references('brands.id'))
    .addColumn('to_brand_id', ref, (c) => c.notNull().references('brands.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', ref)
    .addColumn('at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('brand_corrections_url').on('brand_corrections').column('url_id').execute();

  // What corrections teach the brand registry: a host or registrable domain known to imitate a brand.
  await db.schema
    .createTable('brand_hints')
    .addColumn('id', idType, id)
    .addColumn('brand_id', ref, (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('correction_id', ref, (c) => c.references('brand_corrections.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('brand_hints_kind_value', ['kind', 'value'])
    .execute();

  // Subject, sender and text of a report as analysis found them (the e-mail's are inside its raw
  // payload): searched by triage, compared by campaign grouping, shown as plain data.
  await db.schema
    .createTable('report_texts')
    .addColumn('report_id', ref, (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
    .addColumn('subject', 'text')
    .addColumn('sender', 'text')
    .addColumn('body', 'text')
    .execute();
  // Reports that carried their text in the JSON payload (SMS, text, URL, typed-in e-mail fields).
  const field = (name: string) =>
    sql.raw(
      pg
        ? `nullif(substr(payload::json->>'${name}', 1, 2000), '')`
        : `nullif(substr(json_extract(payload, '$.${name}'), 1, 2000), '')`,
    );
  const isJson = sql.raw(pg ? `payload like '{%'` : `json_valid(payload)`);
  await sql`insert into report_texts (report_id, subject, sender, body)
    select id, ${field('subject')}, ${field('sender')},
      case when kind = 'email' then null else ${field('content')} end from reports
    where kind in ('sms', 'text', 'url', 'email') and ${isJson}`.execute(db);

  // Triage filters that have no index yet (status, brand and first seen are indexed by 0001).
  await db.schema.createIndex('urls_tld').on('urls').columns(['tld', 'first_seen']).execute();
  await db.schema.createIndex('reports_received').on('reports').columns(['received_at']).execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('brand_id', ref, (c) => c.references('brands.id'))
    // open | closed | merged (then merged_into names the campaign that took its URLs)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('merged_into', ref, (c) => c.references('campaigns.id'))
    // 'auto' (grouping) or 'user' (creator_id says who)
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('creator_id', ref)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('first_seen', time, (c) => c.notNull())
    .addColumn('last_seen', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaigns_status').on('campaigns').columns(['status', 'last_seen']).execute();
  await db.schema.createIndex('campaigns_brand').on('campaigns').columns(['brand_id', 'last_seen']).execute();

  await db.schema
    .createTable('campaign_urls')
    .addColumn('url_id', ref, (c) => c.primaryKey().references('urls.id').onDelete('cascade'))
    .addColumn('campaign_id', ref, (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('added_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_urls_campaign').on('campaign_urls').column('campaign_id').execute();

  // Grouping keys of a confirmed URL (kind: domain | path | kit | subject | sender), computed when it is
  // confirmed; two URLs sharing a (kind, value) may belong to one campaign.
  await db.schema
    .createTable('campaign_keys')
    .addColumn('url_id', ref, (c) => c.notNull().references('urls.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_keys_pk', ['url_id', 'kind', 'value'])
    .execute();
  await db.schema.createIndex('campaign_keys_value').on('campaign_keys').columns(['kind', 'value']).execute();
}
