import type { Generated } from 'kysely';

/**
 * Tables of the takedowns module as Kysely sees them (table name → row type); src/storage/schema.ts merges
 * this interface into Database. Times are integer ms since the epoch, booleans 0/1, JSON as text.
 * Also holds the tables of src/liveness, src/capture and src/rdap (migration 0005).
 */
export interface TakedownsTables {
  url_checks: UrlChecksTable;
  liveness_watch: LivenessWatchTable;
  evidence_files: EvidenceFilesTable;
  captures: CapturesTable;
  rdap_cache: RdapCacheTable;
  takedown_cases: TakedownCasesTable;
  takedown_events: TakedownEventsTable;
  abuse_desks: AbuseDesksTable;
  takedown_notices: TakedownNoticesTable;
}

export interface UrlChecksTable {
  id: Generated<number>;
  url_id: number;
  checked_at: number;
  result: 'live' | 'down' | 'error';
  http_status: number | null;
  final_url: string | null;
  content_hash: string | null;
  address: string | null;
  /** JSON: FetchHop[] */
  redirects: string;
  /** JSON: TlsFacts | null */
  tls: string | null;
  error: string | null;
  duration_ms: number | null;
}

export interface LivenessWatchTable {
  url_id: number;
  started_at: number;
  next_check_at: number;
  last_checked_at: number | null;
  last_result: string | null;
  checks: Generated<number>;
  stopped_at: number | null;
}

export interface EvidenceFilesTable {
  sha256: string;
  kind: string;
  content_type: string;
  size: number;
  stored_at: number;
}

export interface CapturesTable {
  id: Generated<number>;
  url_id: number | null;
  batch: string;
  variant: 'desktop' | 'mobile';
  user_agent: string;
  requested_url: string;
  final_url: string | null;
  http_status: number | null;
  /** JSON: FetchHop[] */
  redirects: string;
  title: string | null;
  /** JSON: FormField[] */
  form_fields: string;
  screenshot_sha256: string | null;
  dom_sha256: string | null;
  har_sha256: string | null;
  status: 'ok' | 'failed';
  error: string | null;
  differences: string | null;
  captured_at: number;
}

export interface RdapCacheTable {
  key: string;
  fetched_at: number;
  expires_at: number;
  found: number;
  result: string;
}

export interface TakedownCasesTable {
  id: Generated<number>;
  url_id: number;
  scope: 'url' | 'domain';
  target_url: string;
  target_host: string;
  target_domain: string | null;
  brand_id: number | null;
  state: string;
  /** JSON: Contact[] */
  contacts: string;
  first_reported_at: number;
  opened_at: number;
  requested_at: number | null;
  acknowledged_at: number | null;
  escalated_at: number | null;
  down_at: number | null;
  closed_at: number | null;
  close_reason: string | null;
  last_capture_id: number | null;
  opened_by: number | null;
  updated_at: number;
}

export interface TakedownEventsTable {
  id: Generated<number>;
  case_id: number;
  at: number;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  actor_user_id: number | null;
  /** JSON object */
  detail: string;
}

/** The abuse-desk registry (migration 0022): how a hoster or registrar wants to be asked. */
export interface AbuseDesksTable {
  id: Generated<number>;
  key_kind: 'rdap_handle' | 'network' | 'domain';
  /** Lower-cased handle, network name or domain. */
  key_value: string;
  name: string | null;
  channel: 'email' | 'web_form' | 'api';
  email: string | null;
  form_url: string | null;
  api_url: string | null;
  lang: 'ja' | 'en';
  needs: string;
  source: 'rdap' | 'manual';
  created_at: number;
  updated_at: number;
  updated_by: number | null;
}

/** One notice sent (e-mail) or filed (web form, API) to a desk about a target URL (migration 0022). */
export interface TakedownNoticesTable {
  id: Generated<number>;
  case_id: number;
  desk_id: number;
  target_url: string;
  kind: 'request' | 'escalation';
  channel: 'email' | 'web_form' | 'api';
  at: number;
}
