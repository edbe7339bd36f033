import type { Generated } from 'kysely';

/**
 * Tables of the sharing module as Kysely sees them (table name → row type); src/storage/schema.ts merges
 * this interface into Database. Times are integer ms since the epoch, booleans 0/1, JSON as text.
 */
export interface SharingTables {
  sharing_urls: SharingUrlsTable;
  sharing_pending: SharingPendingTable;
  sharing_hashes: SharingHashesTable;
  sharing_state: SharingStateTable;
  sharing_feedback: SharingFeedbackTable;
  sharing_subscriptions: SharingSubscriptionsTable;
}

/**
 * One row per URL that is or was shared (confirmed). Every feed reads this table, never urls.status, so
 * what leaves the house is exactly what the sync (src/sharing/sync.ts) decided, with the effective TLP it
 * computed (src/sharing/tlp-policy.ts).
 */
export interface SharingUrlsTable {
  url_id: number;
  /** Effective TLP of the URL (clear|green|amber|red). */
  tlp: string;
  /** 0 clear … 3 red, so "visible to clearance c" is `tlp_rank <= rank(c)`. */
  tlp_rank: number;
  /** 1 while confirmed; 0 once withdrawn (un-confirmed): kept so incremental readers learn of it. */
  active: number;
  /** When the URL was first shared. */
  listed_at: number;
  /** Last change (listed, TLP changed, withdrawn, brand changed): the feeds' since/until and cursor key. */
  updated_at: number;
  /** When brand subscribers were notified of it; null = not yet. */
  notified_at: number | null;
  /** UUIDv4 of its STIX indicator, given when first shared; null for URLs shared before 0018 (UUIDv5). */
  stix_id: string | null;
  /** Last verification: listed or re-confirmed, or found live by a liveness check (0023). */
  verified_at: number | null;
  /** 1 while withdrawn because verified_at is older than LISTING_TTL_DAYS (still confirmed). */
  expired: Generated<number>;
}

/** URLs whose sharing state must be recomputed; filled by database triggers, drained by the sync. */
export interface SharingPendingTable {
  url_id: number;
  queued_at: number;
}

/**
 * The Safe Browsing style hash list: the SHA-256 of the listed expression of each shared URL, with the
 * hash-list version at which it was added and (once withdrawn or re-marked) removed.
 */
export interface SharingHashesTable {
  id: Generated<number>;
  url_id: number;
  /** SHA-256 of the expression, 64 lowercase hex characters. */
  hash: string;
  /** First 4 bytes of the hash as an unsigned 32-bit integer. */
  prefix: number;
  tlp_rank: number;
  added_version: number;
  removed_version: number | null;
}

/** Small counters of the module (key → integer): `hash_list_version`. */
export interface SharingStateTable {
  key: string;
  value: number;
}

/** A brand organisation's answer about one of its URLs: "not ours" or "ours (legitimate)". */
export interface SharingFeedbackTable {
  id: Generated<number>;
  url_id: number;
  brand_id: number;
  user_id: number;
  /** not_ours | legitimate */
  verdict: string;
  comment: string | null;
  /** legitimate answers propose allowlisting: proposed → (triage decides) */
  status: string;
  created_at: number;
}

/** Where a brand organisation wants to hear of new confirmed URLs of one of its brands. */
export interface SharingSubscriptionsTable {
  id: Generated<number>;
  brand_id: number;
  /** e-mail | webhook */
  channel: string;
  /** The e-mail address or the webhook URL. */
  target: string;
  /** HMAC key of webhook deliveries (null for e-mail). */
  secret: string | null;
  created_by: number;
  created_at: number;
}
