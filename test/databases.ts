import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Db, type Dialect, openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';

/**
 * Every repository test runs on each of these. PostgreSQL is not optional: if it does not answer, the
 * tests fail (CI starts it in .ci/run). TEST_DATABASE_URL points elsewhere if needed.
 */
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDb = Db & { url: string; schema: string | null; drop(): Promise<void> };

/** A fresh, migrated database: a temp SQLite file, or a new schema in the PostgreSQL test database. */
export async function createTestDb(dialect: Dialect): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-test-'));
    const file = path.join(dir, 'test.sqlite');
    const db = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(db);
    return {
      ...db,
      url: `sqlite:${file}`,
      schema: null,
      async drop() {
        await db.close().catch(() => {});
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = openDatabase({ kind: 'postgres', url: TEST_POSTGRES_URL }, { searchPath: schema, poolSize: 4 });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await dropSchema(schema);
    throw error;
  }
  const sep = TEST_POSTGRES_URL.includes('?') ? '&' : '?';
  return {
    ...db,
    url: `${TEST_POSTGRES_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    schema,
    async drop() {
      await db.close().catch(() => {});
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade`);
  await c.end();
}
