import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { type AppContext, createContext } from '../src/context.ts';
import { createPgBossQueue } from '../src/jobs/pgboss-queue.ts';
import { createTableQueue } from '../src/jobs/table-queue.ts';
import { fixedClock } from '../src/lib/clock.ts';
import type { Dialect } from '../src/storage/database.ts';
import { createTestDb, dropSchema, TEST_POSTGRES_URL, type TestDb } from './databases.ts';

export type TestContext = AppContext & { testDb: TestDb; clock: ReturnType<typeof fixedClock> };

/**
 * A full application context on a fresh database of the given dialect, with a settable clock. The queue is
 * what production uses for the dialect (the jobs table on SQLite, pg-boss in its own schema on PostgreSQL)
 * unless a test needs to look into the jobs table (`queue: 'table'`).
 */
export async function createTestContext(
  dialect: Dialect,
  env: Record<string, string> = {},
  options: { queue?: 'table' } = {},
): Promise<TestContext> {
  const testDb = await createTestDb(dialect);
  const clock = fixedClock(Date.UTC(2026, 4, 22, 1, 0, 0));
  const log = pino({ level: 'silent' });
  const config = loadConfig({
    DATABASE_URL: testDb.url,
    DATA_DIR: '/tmp/phishdesk-test-data',
    SMTP_ENABLED: 'false',
    ...env,
  });
  const bossSchema = testDb.schema && options.queue !== 'table' ? `boss_${testDb.schema}` : null;
  const queue = bossSchema
    ? createPgBossQueue({
        db: testDb,
        connectionString: TEST_POSTGRES_URL,
        schema: bossSchema,
        clock,
        log,
        pollMs: 50,
      })
    : createTableQueue({ db: testDb, clock, log, pollMs: 50 });
  const ctx = await createContext(config, { clock, log, db: testDb, queue });
  return Object.assign(ctx, {
    testDb,
    clock,
    async close() {
      await queue.stop();
      await testDb.drop();
      if (bossSchema) await dropSchema(bossSchema);
    },
  });
}
