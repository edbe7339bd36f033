import type { Generated } from 'kysely';

/**
 * Tables of the alerts, notify, awareness and victim modules as Kysely sees them (table name → row type);
 * src/storage/schema.ts merges this interface into Database. Times are integer ms since the epoch,
 * booleans 0/1, JSON as text. Migration 0006 creates them.
 */
export interface AlertsTables {
  alerts: AlertsTable;
  alert_updates: AlertUpdatesTable;
  alert_screenshots: AlertScreenshotsTable;
  alert_subscribers: AlertSubscribersTable;
  webhooks: WebhooksTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_attempts: NotificationAttemptsTable;
  awareness_pages: AwarenessPagesTable;
  victim_packages: VictimPackagesTable;
}

/** An emergency alert (緊急情報). JSON columns hold string arrays. */
export interface AlertsTable {
  id: Generated<number>;
  /** Public address `<brand-slug>-<yyyymmdd>` (`-2`, `-3` on collision), given at first publication. */
  slug: string | null;
  brand_id: number;
  campaign_id: number | null;
  takedown_case_id: number | null;
  /** draft | in_review | published | updated | archived */
  status: string;
  title_ja: string;
  title_en: string | null;
  summary_ja: string;
  summary_en: string | null;
  advice_ja: string;
  advice_en: string | null;
  subjects: string;
  sms_texts: string;
  fields_asked_ja: string;
  fields_asked_en: string;
  /** Already masked (`https://g57.●●●●.hu/a`): the unmasked URL is never stored on an alert. */
  masked_urls: string;
  author_id: number;
  reviewer_id: number | null;
  created_at: number;
  updated_at: number;
  published_at: number | null;
  /** Last publish or public update: what feeds sort and stamp by. */
  last_published_at: number | null;
  archived_at: number | null;
}

/** One timestamped status line (「2026/05/22 10:00 時点で…」); every one is kept and shown. */
export interface AlertUpdatesTable {
  id: Generated<number>;
  alert_id: number;
  at: number;
  status_line_ja: string;
  status_line_en: string | null;
  /** takedown | analyst */
  source: string;
  /** The takedown case state the line was made from (to notice when the case moves). */
  case_state: string | null;
  actor_id: number | null;
}

/** Images copied into our storage: the public is never served anything but these bytes as an image. */
export interface AlertScreenshotsTable {
  id: Generated<number>;
  alert_id: number;
  content_type: string;
  sha256: string;
  data: Uint8Array;
  caption: string | null;
  capture_id: number | null;
  created_at: number;
}

export interface AlertSubscribersTable {
  id: Generated<number>;
  email: string;
  lang: string;
  /** pending (awaiting the confirmation click) | active | unsubscribed */
  status: string;
  /** SHA-256 of the confirmation token mailed once; null once confirmed. */
  confirm_token_hash: string | null;
  /** Put in every mail's unsubscribe link, so it is kept (it only allows unsubscribing). */
  unsubscribe_token: string;
  created_at: number;
  confirmed_at: number | null;
  unsubscribed_at: number | null;
}

/** A member's webhook endpoint; bodies are signed with HMAC-SHA256 under `secret`. */
export interface WebhooksTable {
  id: Generated<number>;
  name: string;
  url: string;
  secret: string;
  active: number;
  created_by: number | null;
  created_at: number;
}

/** One notification to one recipient (mail to a subscriber or POST to a webhook). */
export interface NotificationDeliveriesTable {
  id: Generated<number>;
  /** mail | webhook */
  channel: string;
  subscriber_id: number | null;
  webhook_id: number | null;
  alert_id: number;
  /** alert.published | alert.updated */
  event: string;
  /** pending | delivered | failed */
  status: string;
  attempts: number;
  body: string;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

/** The delivery log: one row per attempt. */
export interface NotificationAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  at: number;
  ok: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** Editable awareness pages (Markdown), one row per (slug, lang). */
export interface AwarenessPagesTable {
  id: Generated<number>;
  slug: string;
  lang: string;
  title: string;
  body_md: string;
  updated_at: number;
  updated_by: number | null;
}

/** A victim's police package; the id is a random UUID handed only to the victim. */
export interface VictimPackagesTable {
  id: string;
  created_at: number;
  lang: string;
  prefecture: string;
  /** 通報 report | 相談 consultation | 情報提供 information */
  kind: string;
  /** The whole package as JSON (5W1H, URLs, messages, damage, contact). */
  data: string;
  consent_police: number;
  consent_brand: number;
  /** The intake report made from it (its public id), so the consent travels with the URLs. */
  report_id: string | null;
}
