import type { Generated } from 'kysely';
import type { AccountsTables } from '../accounts/accounts.tables.ts';
import type { AlertsTables } from '../alerts/alerts.tables.ts';
import type { AppealsTables } from '../appeals/appeals.tables.ts';
import type { ArrivalTables } from '../arrival/arrival.tables.ts';
import type { BrandsTables } from '../brands/brands.tables.ts';
import type { CampaignsTables } from '../campaigns/campaigns.tables.ts';
import type { EvidenceTables } from '../evidence/evidence.tables.ts';
import type { MonthlyTables } from '../monthly/monthly.tables.ts';
import type { OutcomeTables } from '../outcome/outcome.tables.ts';
import type { ReliabilityTables } from '../reliability/reliability.tables.ts';
import type { RulesTables } from '../rules/rules.tables.ts';
import type { SharingTables } from '../sharing/sharing.tables.ts';
import type { TakedownsTables } from '../takedowns/takedowns.tables.ts';
import type { TriageTables } from '../triage/triage.tables.ts';

/**
 * Row types of every table, as Kysely sees them. Times are integer milliseconds since the epoch (the
 * same on SQLite and PostgreSQL, and month ranges become plain integer comparisons). Booleans are 0/1
 * integers and JSON is text, so both dialects store the same values.
 */
/**
 * Each module declares its own tables in `src/<module>/<module>.tables.ts` (one interface per module,
 * table name → row type) so modules never edit this file to add a table.
 */
export interface Database
  extends AccountsTables,
    TriageTables,
    CampaignsTables,
    TakedownsTables,
    AlertsTables,
    SharingTables,
    MonthlyTables,
    ReliabilityTables,
    RulesTables,
    BrandsTables,
    EvidenceTables,
    ArrivalTables,
    OutcomeTables,
    AppealsTables {
  sources: SourcesTable;
  source_runs: SourceRunsTable;
  brands: BrandsTable;
  brand_aliases: BrandAliasesTable;
  domains: DomainsTable;
  hosts: HostsTable;
  urls: UrlsTable;
  reports: ReportsTable;
  report_urls: ReportUrlsTable;
  report_attachments: ReportAttachmentsTable;
  report_email_senders: ReportEmailSendersTable;
  stats_month_urls: StatsMonthUrlsTable;
  stats_month_reports: StatsMonthReportsTable;
  jobs: JobsTable;
}

export interface SourcesTable {
  id: Generated<number>;
  name: string;
  kind: string;
  url: string | null;
  schedule: string | null;
  credentials: string | null;
  licence: string | null;
  config: string;
  enabled: number;
  etag: string | null;
  last_modified: string | null;
  state: Generated<string>;
  next_run_at: number | null;
  failures: Generated<number>;
  created_at: number;
  updated_at: number;
  /** 'confirmed' | 'trusted' | 'public' (src/sources/trust.ts), set by an admin. */
  trust: Generated<string>;
}

export interface SourceRunsTable {
  id: Generated<number>;
  source_id: number;
  started_at: number;
  finished_at: number | null;
  status: string;
  fetched: number;
  new_count: number;
  known_count: number;
  rejected: number;
  errors: string;
}

export interface BrandsTable {
  id: Generated<number>;
  slug: string;
  name_ja: string;
  name_en: string;
  sector: string;
  official_domains: string;
  keywords: string;
  created_at: number;
  updated_at: number;
  /** active | retired | merged (migration 0015). */
  status: Generated<string>;
  merged_into: number | null;
  /** 1 once a person changed it: the seed leaves it alone. */
  managed: Generated<number>;
}

export interface BrandAliasesTable {
  id: Generated<number>;
  brand_id: number;
  alias: string;
  alias_key: string;
}

export interface DomainsTable {
  id: Generated<number>;
  name: string;
  public_suffix: string | null;
  first_seen: number;
  last_seen: number;
}

export interface HostsTable {
  id: Generated<number>;
  name: string;
  domain_id: number | null;
  is_ip: number;
  first_seen: number;
}

export interface UrlsTable {
  id: Generated<number>;
  url_hash: string;
  canonical: string;
  /** Explicit non-default port as reported (migration 0019); the canonical form has none. */
  port: number | null;
  scheme: string;
  host_id: number;
  domain_id: number | null;
  tld: string | null;
  path: string;
  features: string;
  threat: string;
  status: string;
  brand_id: number | null;
  brand_confidence: number | null;
  brand_evidence: string | null;
  first_seen: number;
  last_seen: number;
  report_count: number;
  /** The triage queue's priority score and its reasons (JSON), kept by src/triage/priority.ts (0021). */
  priority: Generated<number>;
  priority_reasons: string | null;
}

export interface ReportsTable {
  id: Generated<number>;
  source_id: number;
  external_id: string;
  kind: string;
  status: string;
  received_at: number;
  reported_at: number;
  brand_label: string | null;
  tlp: string | null;
  brand_id: number | null;
  content_type: string | null;
  payload: string;
  reporter_contact: string | null;
  consent_police: number;
  consent_brand: number;
  error: string | null;
}

export interface ReportUrlsTable {
  report_id: number;
  url_id: number;
}

export interface ReportAttachmentsTable {
  id: Generated<number>;
  report_id: number;
  filename: string | null;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
}

/** Sender domain of an e-mail report, extracted once by the statistics engine (migration 0002). */
export interface ReportEmailSendersTable {
  report_id: number;
  from_domain: string | null;
  /** DMARC verdict of the reported message as its receiver recorded it (null: no DMARC result). */
  dmarc: string | null;
  /** The domain's published policy (p=) as the verifier wrote it. */
  dmarc_policy: string | null;
  extractor: string;
  extracted_at: number;
}

/**
 * One row per (JST month YYYYMM, URL) named by a report of that month, kept by database triggers
 * (migration 0002); `links` counts the report links behind it. site_id = domain_id, or -host_id.
 */
export interface StatsMonthUrlsTable {
  month: number;
  url_id: number;
  links: number;
  scheme: string;
  site_id: number;
  domain_id: number | null;
  tld: string | null;
  path: string;
  features: string;
}

/** Reports per (JST month, brand — 0 for none —, source, kind), kept by triggers (migration 0002). */
export interface StatsMonthReportsTable {
  month: number;
  brand_key: number;
  source_id: number;
  kind: string;
  reports: number;
}

export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: number;
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  singleton_key: string | null;
  created_at: number;
  updated_at: number;
}
