import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/** alerts, subscribers, webhooks, awareness pages (src/alerts, src/notify, src/awareness). Never edit once landed: add a new migration instead. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { id, idType, ref, time, bytes } = columnTypes(dialect);

  await db.schema
    .createTable('alerts')
    .addColumn('id', idType, id)
    // Given at first publication (the publication day is in it); null for drafts.
    .addColumn('slug', 'text', (c) => c.unique())
    .addColumn('brand_id', ref, (c) => c.notNull().references('brands.id'))
    // Campaigns and takedown cases are other modules' tables: referenced by id only.
    .addColumn('campaign_id', ref)
    .addColumn('takedown_case_id', ref)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title_ja', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text')
    .addColumn('summary_ja', 'text', (c) => c.notNull())
    .addColumn('summary_en', 'text')
    .addColumn('advice_ja', 'text', (c) => c.notNull())
    .addColumn('advice_en', 'text')
    .addColumn('subjects', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sms_texts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('fields_asked_ja', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('fields_asked_en', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('masked_urls', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('author_id', ref, (c) => c.notNull())
    .addColumn('reviewer_id', ref)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('published_at', time)
    .addColumn('last_published_at', time)
    .addColumn('archived_at', time)
    .execute();
  await db.schema.createIndex('alerts_public').on('alerts').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('alerts_brand').on('alerts').columns(['brand_id', 'published_at']).execute();

  await db.schema
    .createTable('alert_updates')
    .addColumn('id', idType, id)
    .addColumn('alert_id', ref, (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('status_line_ja', 'text', (c) => c.notNull())
    .addColumn('status_line_en', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('case_state', 'text')
    .addColumn('actor_id', ref)
    .execute();
  await db.schema
    .createIndex('alert_updates_alert')
    .on('alert_updates')
    .columns(['alert_id', 'at'])
    .execute();

  await db.schema
    .createTable('alert_screenshots')
    .addColumn('id', idType, id)
    .addColumn('alert_id', ref, (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', bytes, (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('capture_id', ref)
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_screenshots_alert').on('alert_screenshots').column('alert_id').execute();

  await db.schema
    .createTable('alert_subscribers')
    .addColumn('id', idType, id)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('confirm_token_hash', 'text', (c) => c.unique())
    .addColumn('unsubscribe_token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('confirmed_at', time)
    .addColumn('unsubscribed_at', time)
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', ref)
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_deliveries')
    .addColumn('id', idType, id)
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', ref, (c) => c.references('alert_subscribers.id').onDelete('cascade'))
    .addColumn('webhook_id', ref, (c) => c.references('webhooks.id').onDelete('cascade'))
    .addColumn('alert_id', ref, (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('delivered_at', time)
    .execute();
  await db.schema
    .createIndex('notification_deliveries_alert')
    .on('notification_deliveries')
    .columns(['alert_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notification_deliveries_webhook')
    .on('notification_deliveries')
    .columns(['webhook_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('notification_attempts')
    .addColumn('id', idType, id)
    .addColumn('delivery_id', ref, (c) =>
      c.notNull().references('notification_deliveries.id').onDelete('cascade'),
    )
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notification_attempts_delivery')
    .on('notification_attempts')
    .column('delivery_id')
    .execute();

  await db.schema
    .createTable('awareness_pages')
    .addColumn('id', idType, id)
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('updated_by', ref)
    .addUniqueConstraint('awareness_pages_slug_lang', ['slug', 'lang'])
    .execute();

  await db.schema
    .createTable('victim_packages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('prefecture', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('consent_police', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consent_brand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report_id', 'text')
    .execute();
}
