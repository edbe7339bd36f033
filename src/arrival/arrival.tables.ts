/**
 * Tables of the arrival module (migration 0017); src/storage/schema.ts merges this interface into
 * Database. Times are integer ms since the epoch.
 */
export interface ArrivalTables {
  arrival_hosts: ArrivalHostsTable;
}

export interface ArrivalHostsTable {
  host: string;
  /** The earliest time the next visit of this host may start. */
  next_visit_at: number;
}
