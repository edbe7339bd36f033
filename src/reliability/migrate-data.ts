import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { AppError } from '../errors.ts';
import { createPgBossQueue } from '../jobs/pgboss-queue.ts';
import { systemClock } from '../lib/clock.ts';
import { type Db, openDatabase } from '../storage/database.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import type { Database } from '../storage/schema.ts';

/**
 * Bookkeeping that is not data: Kysely's migration tables (the target has its own, from migrating it) and
 * the embedded job queue, whose waiting jobs are re-sent to pg-boss instead (PostgreSQL does not use the
 * `jobs` table). SQLite's own tables (sqlite_*) are never listed by introspection.
 */
const SKIPPED = new Set(['kysely_migration', 'kysely_migration_lock', 'jobs']);
/** Rows per INSERT are capped by PostgreSQL's 65,535 bind parameters. */
const MAX_PARAMS = 60_000;

export type TableCopy = { table: string; rows: number };
export type MigrateDataResult = { tables: TableCopy[]; jobs: number; skipped: string[] };

type Trx = Transaction<Database>;

/**
 * Copies an embedded SQLite install into PostgreSQL: both are migrated to the same schema first, then every
 * table the migrations created is copied in foreign-key order, in batches, with its ids, in ONE target
 * transaction (an interrupted copy leaves the target as it was). Tables are discovered from the migrated
 * target, so tables added by later migrations are copied without changes here. User triggers (the
 * statistics tables' counters) are disabled during the copy: those tables are copied as they are, not
 * recomputed twice. Identity sequences are moved past the copied ids. Jobs still waiting in the embedded
 * queue are re-sent to pg-boss in the same transaction.
 */
export async function migrateData(options: {
  from: string;
  to: string;
  force?: boolean;
  batchSize?: number;
  /** pg-boss schema on the target (default pgboss, as the application uses). */
  jobsSchema?: string;
  onTable?: (copy: TableCopy) => void;
}): Promise<MigrateDataResult> {
  const file = sqlitePath(options.from);
  if (!/^postgres(ql)?:\/\/.+/.test(options.to)) {
    throw new AppError('request.invalid', '--to must be a postgres:// URL');
  }
  const source = openDatabase({ kind: 'sqlite', file });
  const target = openDatabase({ kind: 'postgres', url: options.to }, { poolSize: 2 });
  try {
    await migrateToLatest(source);
    await migrateToLatest(target);
    const targetTables = await listTables(target);
    const sourceTables = new Set(await listTables(source));
    const missing = targetTables.filter((t) => !SKIPPED.has(t) && !sourceTables.has(t));
    if (missing.length > 0) {
      throw new AppError('conflict', `source lacks tables the target has: ${missing.join(', ')}`);
    }
    const tables = dependencyOrder(
      targetTables.filter((t) => !SKIPPED.has(t)),
      await foreignKeys(target),
    );
    const skipped = targetTables.filter((t) => SKIPPED.has(t));
    // Rows the migrations themselves insert (settings, singletons) do not make a target "not empty".
    const seeded = await seededRowCounts(options.to);
    const handle = source.sqlite!;
    // One read transaction on the source: every table (and the queue) is read from the same snapshot.
    handle.exec('begin');
    const jobs = pendingJobs(source);
    const queue = jobs.length
      ? createPgBossQueue({
          db: target,
          connectionString: options.to,
          schema: options.jobsSchema,
          clock: systemClock,
          log: pino({ level: 'silent' }),
          poolSize: 2,
        })
      : null;
    const copies: TableCopy[] = [];
    try {
      await target.kysely.transaction().execute(async (trx) => {
        const counts = await rowCounts(trx, tables);
        const nonEmpty = tables.filter((t) => counts.get(t)! > (seeded.get(t) ?? 0));
        if (nonEmpty.length > 0 && !options.force) {
          throw new AppError(
            'conflict',
            `target is not empty (${nonEmpty.join(', ')}); use --force to replace its data`,
          );
        }
        // The source holds its own copy of any seeded rows: the target's give way to it.
        if (tables.some((t) => counts.get(t)! > 0)) {
          await exec(trx, `truncate table ${tables.map(quote).join(', ')} restart identity cascade`);
        }
        for (const t of tables) await exec(trx, `alter table ${quote(t)} disable trigger user`);
        for (const table of tables) {
          const copy = await copyTable(source, trx, table, options.batchSize ?? 1000);
          copies.push(copy);
          options.onTable?.(copy);
        }
        for (const t of tables) await exec(trx, `alter table ${quote(t)} enable trigger user`);
        await resetSequences(trx, tables);
        for (const job of jobs) {
          await queue!.send(job.name, JSON.parse(job.payload), {
            trx,
            runAt: Math.max(job.run_at, Date.now()),
            maxAttempts: Math.max(1, job.max_attempts - job.attempts),
            ...(job.singleton_key ? { singletonKey: job.singleton_key } : {}),
          });
        }
      });
    } finally {
      handle.exec('commit');
      await queue?.stop();
    }
    return { tables: copies, jobs: jobs.length, skipped };
  } finally {
    await source.close();
    await target.close();
  }
}

function sqlitePath(from: string): string {
  if (!from.startsWith('sqlite:')) throw new AppError('request.invalid', '--from must be sqlite:PATH');
  const file = from.slice('sqlite:'.length);
  // openDatabase would create an empty database: a typo must not look like an empty install.
  if (!file || file === ':memory:' || !fs.existsSync(file)) {
    throw new AppError('not_found', `no SQLite database at ${file || '(empty path)'}`);
  }
  return file;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function exec(trx: Trx, text: string, values: unknown[] = []) {
  return (await trx.executeQuery(CompiledQuery.raw(text, values))).rows as Record<string, unknown>[];
}

/** Base tables of the database's own schema (PostgreSQL: current_schema(), not pg-boss's or others'). */
async function listTables(db: Db): Promise<string[]> {
  if (db.sqlite) {
    const rows = db.sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'",
      )
      .all() as { name: string }[];
    return rows.map((r) => r.name).sort();
  }
  const rows = await exec(
    db.kysely as unknown as Trx,
    `select table_name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => String(r.table_name));
}

/** Foreign keys of the target's own schema as (table → tables it references). */
async function foreignKeys(db: Db): Promise<Map<string, Set<string>>> {
  const rows = await exec(
    db.kysely as unknown as Trx,
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
     from pg_constraint c join pg_namespace n on n.oid = c.connamespace
     where c.contype = 'f' and n.nspname = current_schema()`,
  );
  const deps = new Map<string, Set<string>>();
  for (const r of rows) {
    const child = unqualify(String(r.child));
    const parent = unqualify(String(r.parent));
    if (!deps.has(child)) deps.set(child, new Set());
    deps.get(child)!.add(parent);
  }
  return deps;
}

/** regclass text is schema-qualified (and quoted) when the schema is not on the search path. */
function unqualify(name: string): string {
  const last = name.split('.').pop()!;
  return last.startsWith('"') ? last.slice(1, -1).replaceAll('""', '"') : last;
}

/** Parents before children; a table referencing itself is fine (rows are copied in primary-key order). */
export function dependencyOrder(tables: string[], deps: Map<string, Set<string>>): string[] {
  const pending = new Set(tables);
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((t) =>
      [...(deps.get(t) ?? [])].every((p) => p === t || !pending.has(p)),
    );
    if (ready.length === 0) {
      throw new AppError('conflict', `foreign keys form a cycle between: ${[...pending].join(', ')}`);
    }
    for (const t of ready.sort()) {
      order.push(t);
      pending.delete(t);
    }
  }
  return order;
}

async function rowCounts(trx: Trx, tables: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of tables) {
    out.set(t, Number((await exec(trx, `select count(*) as n from ${quote(t)}`))[0]!.n));
  }
  return out;
}

/**
 * Row counts of a freshly migrated schema, made and dropped in the target database: what the migrations
 * seed. The schema is set per connection (a search_path in the URL would override a pool option).
 */
async function seededRowCounts(url: string): Promise<Map<string, number>> {
  const schema = `phishdesk_seed_${randomBytes(6).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.query(`set search_path to ${schema}`).catch(() => {});
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const scratch: Db = {
    kysely,
    dialect: 'postgres',
    sqlite: null,
    ping: async () => true,
    close: () => kysely.destroy(),
  };
  try {
    await exec(kysely as unknown as Trx, `create schema ${schema}`);
    await migrateToLatest(scratch);
    const tables = (await listTables(scratch)).filter((t) => !SKIPPED.has(t));
    return await rowCounts(kysely as unknown as Trx, tables);
  } finally {
    await exec(kysely as unknown as Trx, `drop schema if exists ${schema} cascade`).catch(() => {});
    await scratch.close();
  }
}

async function copyTable(source: Db, trx: Trx, table: string, batchSize: number): Promise<TableCopy> {
  const handle = source.sqlite!;
  const columns = (handle.pragma(`table_info(${quote(table)})`) as { name: string; pk: number }[]).sort(
    (a, b) => a.pk - b.pk,
  );
  const names = columns.map((c) => c.name);
  const pk = columns.filter((c) => c.pk > 0).map((c) => quote(c.name));
  const perInsert = Math.max(1, Math.min(batchSize, Math.floor(MAX_PARAMS / names.length)));
  const insertHead = `insert into ${quote(table)} (${names.map(quote).join(', ')}) overriding system value values `;
  const statement = handle.prepare(
    `select ${names.map(quote).join(', ')} from ${quote(table)}${pk.length ? ` order by ${pk.join(', ')}` : ''}`,
  );
  let rows = 0;
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const marks = row.map((v) => {
        values.push(v);
        return `$${values.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    await exec(trx, insertHead + tuples.join(', '), values);
    rows += batch.length;
    batch = [];
  };
  // Streamed: a multi-gigabyte table never sits in memory, only one batch of it.
  for (const row of statement.raw().iterate() as Iterable<unknown[]>) {
    batch.push(row);
    if (batch.length >= perInsert) await flush();
  }
  await flush();
  return { table, rows };
}

/** Identity/serial columns continue after the largest copied id. */
async function resetSequences(trx: Trx, tables: string[]) {
  const rows = await exec(
    trx,
    `select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and (is_identity = 'YES' or column_default like 'nextval(%')`,
  );
  const copied = new Set(tables);
  for (const r of rows) {
    const table = String(r.table_name);
    const column = String(r.column_name);
    if (!copied.has(table)) continue;
    await exec(
      trx,
      `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(column)}) from ${quote(table)}), 0) + 1, false)`,
      [quote(table), column],
    );
  }
}

type PendingJob = {
  name: string;
  payload: string;
  run_at: number;
  attempts: number;
  max_attempts: number;
  singleton_key: string | null;
};

/** Jobs not yet done in the embedded queue (a job active at the copy is run again, as after a crash). */
function pendingJobs(source: Db): PendingJob[] {
  return source
    .sqlite!.prepare(
      `select name, payload, run_at, attempts, max_attempts, singleton_key from jobs
       where status in ('pending', 'active') order by id`,
    )
    .all() as PendingJob[];
}
