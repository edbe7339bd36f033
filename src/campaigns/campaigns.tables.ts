import type { Generated } from 'kysely';

/**
 * Tables of the campaigns module as Kysely sees them (table name → row type); src/storage/schema.ts merges
 * this interface into Database. Times are integer ms since the epoch, booleans 0/1, JSON as text.
 */
export interface CampaignsTables {
  campaigns: CampaignsTable;
  campaign_urls: CampaignUrlsTable;
  campaign_keys: CampaignKeysTable;
}

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  brand_id: number | null;
  /** 'open' | 'closed' | 'merged'. */
  status: Generated<string>;
  merged_into: number | null;
  /** 'auto' | 'user'. */
  created_by: string;
  creator_id: number | null;
  created_at: number;
  updated_at: number;
  first_seen: number;
  last_seen: number;
  /** URLs it holds (kept by the repository on every add, move and removal). */
  url_count: Generated<number>;
  /** The key that defines it ('host:smba.co.jp.*.cn', 'kit:/mypage/{x}/'), null for hand-made ones. */
  signature: string | null;
}

/** A URL belongs to at most one campaign. */
export interface CampaignUrlsTable {
  url_id: number;
  campaign_id: number;
  added_at: number;
  /** How strongly it matched the campaign when it joined (sum of the shared keys' weights). */
  score: number | null;
  /** JSON [{ kind, value, weight }]: the keys it shared. */
  evidence: string | null;
}

/** Grouping keys of a confirmed URL: kind 'domain' | 'path' | 'kit' | 'subject' | 'sender'. */
export interface CampaignKeysTable {
  url_id: number;
  kind: string;
  value: string;
}
