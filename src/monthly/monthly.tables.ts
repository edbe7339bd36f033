import type { Generated } from 'kysely';

/**
 * Tables of the monthly module as Kysely sees them (table name → row type); src/storage/schema.ts merges
 * this interface into Database. Times are integer ms since the epoch, booleans 0/1, JSON as text.
 */
export interface MonthlyTables {
  monthly_reports: MonthlyReportsTable;
  monthly_report_pdfs: MonthlyReportPdfsTable;
}

export interface MonthlyReportsTable {
  id: Generated<number>;
  /** JST month, YYYY-MM. */
  month: string;
  status: 'draft' | 'published';
  summary_ja: string;
  summary_en: string;
  /** MonthlyFigures as JSON, frozen at publication; null for a draft. */
  figures: string | null;
  published_at: number | null;
  published_by: number | null;
  created_at: number;
  created_by: number | null;
  updated_at: number;
  updated_by: number | null;
}

export interface MonthlyReportPdfsTable {
  report_id: number;
  lang: string;
  pdf: Buffer;
  made_at: number;
}
