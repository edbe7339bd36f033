import type { Generated } from 'kysely';

/**
 * Tables of the accounts module as Kysely sees them (table name → row type); src/storage/schema.ts merges
 * this interface into Database. Times are integer ms since the epoch, booleans 0/1, JSON as text.
 */
export interface AccountsTables {
  organisations: OrganisationsTable;
  organisation_brands: OrganisationBrandsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
}

export interface OrganisationsTable {
  id: Generated<number>;
  name: string;
  kind: 'brand' | 'partner' | 'internal';
  created_at: number;
}

export interface OrganisationBrandsTable {
  organisation_id: number;
  brand_id: number;
}

export interface UsersTable {
  id: Generated<number>;
  /** Lower-case. */
  email: string;
  display_name: string;
  role: string;
  organisation_id: number | null;
  password_hash: string;
  failed_logins: Generated<number>;
  locked_until: number | null;
  disabled: Generated<number>;
  created_at: number;
  last_login_at: number | null;
  lang: Generated<string>;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie's token; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

export interface ApiKeysTable {
  id: Generated<number>;
  prefix: string;
  /** SHA-256 (hex) of the whole key. */
  key_hash: string;
  user_id: number | null;
  organisation_id: number | null;
  role: 'partner' | 'brand';
  tlp_clearance: string;
  label: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_user_id: number | null;
  actor_api_key_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  /** JSON text, or null (creation / deletion). */
  before: string | null;
  after: string | null;
  request_id: string | null;
}
