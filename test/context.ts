import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { type AppContext, createContext } from '../src/context.ts';
import { fixedClock } from '../src/lib/clock.ts';
import type { Dialect } from '../src/storage/database.ts';
import { createTestDb, type TestDb } from './databases.ts';

export type TestContext = AppContext & { testDb: TestDb; clock: ReturnType<typeof fixedClock> };

/** A full application context on a fresh database of the given dialect, with a settable clock. */
export async function createTestContext(
  dialect: Dialect,
  env: Record<string, string> = {},
): Promise<TestContext> {
  const testDb = await createTestDb(dialect);
  const clock = fixedClock(Date.UTC(2026, 4, 22, 1, 0, 0));
  const config = loadConfig({
    DATABASE_URL: testDb.url,
    DATA_DIR: '/tmp/phishdesk-test-data',
    SMTP_ENABLED: 'false',
    ...env,
  });
  const ctx = await createContext(config, { clock, log: pino({ level: 'silent' }), db: testDb });
  return Object.assign(ctx, {
    testDb,
    clock,
    async close() {
      await testDb.drop();
    },
  });
}
