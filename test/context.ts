import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { type AppContext, createContext } from '../src/context.ts';
import { createPgBossQueue } from '../src/jobs/pgboss-queue.ts';
import { createTableQueue } from '../src/jobs/table-queue.ts';
import { fixedClock } from '../src/lib/clock.ts';
import type { Dialect } from '../src/storage/database.ts';
import { createTestDb, dropSchema, TEST_POSTGRES_URL, type TestDb } from './databases.ts';

/** scrypt N = 2^4 in tests: every test's config and every CLI they spawn (vitest.config.ts env). */
export const TEST_PASSWORD_HASH_COST = '4';

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
    // Sign-ins in milliseconds instead of ~0.2 s each (production keeps scrypt's OWASP cost).
    PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST,
    // Tests that turn outbound on for their own fakes (feeds, webhooks) report URLs on names nobody may
    // resolve: evidence on arrival stays off unless a test asks for it (src/arrival's tests do).
    ARRIVAL_EVIDENCE: 'off',
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
      ctx.brands.stopPolling();
      await queue.stop();
      await Promise.all([ctx.browsers.documents.close(), ctx.browsers.captures.close()]);
      await testDb.drop();
      if (bossSchema) await dropSchema(bossSchema);
    },
  });
}
