import type { Generated } from 'kysely';

/**
 * Tables of the triage module as Kysely sees them (table name → row type); src/storage/schema.ts merges
 * this interface into Database. Times are integer ms since the epoch, booleans 0/1, JSON as text.
 */
export interface TriageTables {
  url_verdicts: UrlVerdictsTable;
  allowlist: AllowlistTable;
  brand_corrections: BrandCorrectionsTable;
  brand_hints: BrandHintsTable;
  report_texts: ReportTextsTable;
}

export interface UrlVerdictsTable {
  id: Generated<number>;
  url_id: number;
  from_status: string;
  to_status: string;
  reason: string;
  /** null: the system (intake, allowlist). */
  actor_id: number | null;
  at: number;
  /** null: a person (or the system); 'source': a confirmed source; 'rule': a triage rule. */
  basis: string | null;
  source_id: number | null;
  rule_set_id: number | null;
  rule_version: number | null;
  rule_id: string | null;
  /** JSON text: what the automatic decision used. */
  evidence: string | null;
}

export interface AllowlistTable {
  id: Generated<number>;
  /** 'domain' (the name and its subdomains) | 'host' (exactly this host). */
  kind: string;
  value: string;
  reason: string;
  /** 'official' (a brand's official domain) | 'analyst' | 'brand'. */
  source: string;
  brand_id: number | null;
  added_by: number | null;
  at: number;
}

export interface BrandCorrectionsTable {
  id: Generated<number>;
  url_id: number;
  from_brand_id: number | null;
  to_brand_id: number;
  reason: string;
  actor_id: number | null;
  at: number;
}

/** A host or registrable domain known (from an analyst's correction) to imitate a brand. */
export interface BrandHintsTable {
  id: Generated<number>;
  brand_id: number;
  /** 'host' | 'domain'. */
  kind: string;
  value: string;
  correction_id: number | null;
  created_at: number;
}

/** Subject, sender and text (≤ 2,000 characters each) of a report, as analysis found them. */
export interface ReportTextsTable {
  report_id: number;
  subject: string | null;
  sender: string | null;
  body: string | null;
}
