import fs from 'node:fs';
import path from 'node:path';
import type SQLiteTypes from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { NulReplacementPlugin } from './nul-plugin.ts';
import type { Database } from './schema.ts';
import SQLite from './sqlite-driver.ts';

export type Dialect = 'sqlite' | 'postgres';

export type Db = {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The raw better-sqlite3 handle, for the few hot paths that use prepared statements directly. */
  sqlite: SQLiteTypes.Database | null;
  ping(): Promise<boolean>;
  close(): Promise<void>;
};

// PostgreSQL returns int8/numeric as strings; our ids and millisecond times fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function openDatabase(
  config: Config['database'],
  options: { searchPath?: string; poolSize?: number } = {},
): Db {
  if (config.kind === 'sqlite') return openSqlite(config.file);
  return openPostgres(config.url, options);
}

function openSqlite(file: string): Db {
  const handle = openSqliteHandle(file);
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(handle) }),
    plugins: [new NulReplacementPlugin()],
  });
  return {
    kysely,
    dialect: 'sqlite',
    sqlite: handle,
    ping: () => ping(kysely),
    close: () => kysely.destroy(),
  };
}

function openPostgres(url: string, options: { searchPath?: string; poolSize?: number }): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new NulReplacementPlugin()],
  });
  return {
    kysely,
    dialect: 'postgres',
    sqlite: null,
    ping: () => ping(kysely),
    close: () => kysely.destroy(),
  };
}

/**
 * A better-sqlite3 connection with phishdesk's settings. Also used by the import writer thread
 * (reports/ingest.worker.ts), which needs a connection of its own with the same behaviour.
 */
export function openSqliteHandle(file: string): SQLiteTypes.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const handle = new SQLite(file);
  handle.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
  handle.pragma('synchronous = NORMAL');
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 5000');
  // The default 2 MB page cache is far smaller than the random-key indexes (URL hashes, report ids) that
  // every import touches; without a larger cache each insert re-reads and re-writes index pages.
  handle.pragma('cache_size = -131072');
  handle.pragma('mmap_size = 268435456');
  handle.pragma('temp_store = memory');
  // Checkpoint the WAL every ~40 MB instead of every 4 MB: imports write in large transactions, and each
  // checkpoint rewrites the pages they touched.
  handle.pragma('wal_autocheckpoint = 10000');
  return handle;
}

async function ping(kysely: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(kysely);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kysely's SQLite driver prepares every query anew, which cost more than running it on the report intake
 * path. Statements are reusable in better-sqlite3 (Kysely runs each one synchronously to completion), so
 * keep the most recent ones by SQL text.
 */
function withStatementCache(handle: SQLiteTypes.Database, max = 500) {
  const cache = new Map<string, SQLiteTypes.Statement>();
  return {
    close: () => handle.close(),
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (statement) {
        cache.delete(sqlText);
      } else {
        statement = handle.prepare(sqlText);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sqlText, statement);
      return statement;
    },
  };
}
