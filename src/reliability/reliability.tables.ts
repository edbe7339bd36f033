/**
 * Tables of the reliability module as Kysely sees them (table name → row type); src/storage/schema.ts merges
 * this interface into Database. Times are integer ms since the epoch, booleans 0/1, JSON as text.
 */
export interface ReliabilityTables {
  /** One row per analysed report, kept by a trigger on reports.status (migration 0009). */
  report_processing: ReportProcessingTable;
}

export interface ReportProcessingTable {
  report_id: number;
  /** When the (last) claim happened: the report's status left 'received'. */
  processed_at: number;
  /** How many times the report left 'received': 1 when it was analysed exactly once. */
  runs: number;
}
