/**
 * Tables of the outcome module (migration 0017); src/storage/schema.ts merges this interface into
 * Database. Times are integer ms since the epoch.
 */
export interface OutcomeTables {
  outcome_notices: OutcomeNoticesTable;
}

export interface OutcomeNoticesTable {
  report_id: number;
  email: string;
  lang: string;
  state: 'pending' | 'sent' | 'failed';
  outcome: string | null;
  attempts: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}
