import type { Generated } from 'kysely';

/**
 * Tables of the managed brand registry added by migration 0015 (brands and brand_aliases are in
 * src/storage/schema.ts with 0001's tables). Times are integer ms, JSON as text.
 */
export interface BrandsTables {
  brand_registry_version: BrandRegistryVersionTable;
  brand_reattributions: BrandReattributionsTable;
  brand_candidate_runs: BrandCandidateRunsTable;
  brand_candidates: BrandCandidatesTable;
}

/** Emerging-brand runs and their stored candidates (migration 0020). */
export interface BrandCandidateRunsTable {
  id: Generated<number>;
  status: string;
  requested_by: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  window_from: number;
  window_to: number;
  urls_scanned: Generated<number>;
  reports_scanned: Generated<number>;
  candidates: Generated<number>;
  error: string | null;
}

export interface BrandCandidatesTable {
  run_id: number;
  rank: number;
  token: string;
  kinds: string;
  urls: number;
  reports: number;
  sites: number;
  weeks: string;
  samples: string;
}

export interface BrandRegistryVersionTable {
  id: number;
  version: number;
  changed_at: number;
}

export interface BrandReattributionsTable {
  id: Generated<number>;
  status: string;
  reason: string;
  brand_ids: string;
  requested_by: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  url_cursor: Generated<number>;
  report_cursor: Generated<number>;
  urls_total: Generated<number>;
  urls_scanned: Generated<number>;
  urls_changed: Generated<number>;
  urls_kept: Generated<number>;
  reports_total: Generated<number>;
  reports_scanned: Generated<number>;
  reports_changed: Generated<number>;
  error: string | null;
}
