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

type DialectMigration = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };

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
};

export async function migrateToLatest(db: Db): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) {
        out[name] = { up: (k) => m.up(k, db.dialect) };
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
