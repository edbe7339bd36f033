/**
 * Tables of the monthly module as Kysely sees them (table name → row type); src/storage/schema.ts merges
 * this interface into Database. Times are integer ms since the epoch, booleans 0/1, JSON as text.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in as the module's migration lands
export interface MonthlyTables {}
