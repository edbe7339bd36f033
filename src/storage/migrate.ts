import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { AppError } from '../errors.ts';
import type { Db, Dialect } from './database.ts';
import * as m0001 from './migrations/0001_initial.ts';
import * as m0002 from './migrations/0002_stats_indexes.ts';
import * as m0003 from './migrations/0003_accounts.ts';
import * as m0004 from './migrations/0004_triage_campaigns.ts';
import * as m0005 from './migrations/0005_checks_takedowns.ts';
import * as m0006 from './migrations/0006_alerts.ts';
import * as m0007 from './migrations/0007_sharing.ts';
import * as m0008 from './migrations/0008_monthly_reports.ts';
import * as m0009 from './migrations/0009_reliability.ts';
import * as m0010 from './migrations/0010_email_auth.ts';
import * as m0011 from './migrations/0011_source_trust_auto_verdicts.ts';
import * as m0012 from './migrations/0012_search_index.ts';
import * as m0013 from './migrations/0013_allowlist_platforms_campaigns.ts';
import * as m0014 from './migrations/0014_evidence_bundles.ts';
import * as m0015 from './migrations/0015_brand_registry.ts';
import * as m0016 from './migrations/0016_triage_rules.ts';
import * as m0017 from './migrations/0017_arrival_outcome.ts';
import * as m0018 from './migrations/0018_stix_ids.ts';
import * as m0019 from './migrations/0019_url_ports.ts';
import * as m0020 from './migrations/0020_brand_candidates.ts';
import * as m0021 from './migrations/0021_queue_priority.ts';
import * as m0022 from './migrations/0022_abuse_desks.ts';
import * as m0023 from './migrations/0023_appeals.ts';

/** What a long data migration reports while it runs (`phishdesk db migrate` and start print it). */
export type MigrationProgress = (p: { migration: string; step: string; done: number; total: number }) => void;

type DialectMigration = {
  up(
    db: Kysely<unknown>,
    dialect: Dialect,
    progress?: (p: { step: string; done: number; total: number }) => void,
  ): Promise<void>;
};

/** Listed explicitly (not read from disk) so the order is reviewed and bundling cannot drop one. */
const MIGRATIONS: Record<string, DialectMigration> = {
  '0001_initial': m0001,
  '0002_stats_indexes': m0002,
  '0003_accounts': m0003,
  '0004_triage_campaigns': m0004,
  '0005_checks_takedowns': m0005,
  '0006_alerts': m0006,
  '0007_sharing': m0007,
  '0008_monthly_reports': m0008,
  '0009_reliability': m0009,
  '0010_email_auth': m0010,
  '0018_stix_ids': m0018,
  '0012_search_index': m0012,
  '0019_url_ports': m0019,
  '0013_allowlist_platforms_campaigns': m0013,
  '0015_brand_registry': m0015,
  '0011_source_trust_auto_verdicts': m0011,
  '0014_evidence_bundles': m0014,
  '0020_brand_candidates': m0020,
  '0017_arrival_outcome': m0017,
  '0016_triage_rules': m0016,
  '0021_queue_priority': m0021,
  '0022_abuse_desks': m0022,
  '0023_appeals': m0023,
};

export async function migrateToLatest(db: Db, onProgress?: MigrationProgress): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) {
        out[name] = { up: (k) => m.up(k, db.dialect, (p) => onProgress?.({ migration: name, ...p })) };
      }
      return out;
    },
  };
  // Kysely looks for its bookkeeping tables in every schema; on PostgreSQL pin them to the connection's
  // own schema, or a second phishdesk schema in the same database is taken for this one.
  const migrationTableSchema =
    db.dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db: db.kysely,
    provider,
    // Migration numbers were handed out to parallel work that landed in another order (0018 before 0013,
    // 0011, 0012): a database that ran a later number must still take an earlier one that lands after.
    allowUnorderedMigrations: true,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely checks for its bookkeeping tables by introspecting every schema of the database, resolving
  // each table by name; a schema dropped meanwhile by another process (parallel test runs, a second
  // phishdesk install being removed) makes that check fail before any migration has run. Retry then.
  for (
    let attempt = 1;
    error && results === undefined && isVanishedRelation(error) && attempt < 5;
    attempt++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError('storage.unavailable', `migration ${failed} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** PostgreSQL's undefined_table / invalid_schema_name: a relation that went away during introspection. */
function isVanishedRelation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '42P01' || code === '3F000';
}
