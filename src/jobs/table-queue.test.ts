import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { fixedClock } from '../lib/clock.ts';
import { describeQueueContract } from './queue-contract.ts';
import { createTableQueue } from './table-queue.ts';

const log = pino({ level: 'silent' });

for (const dialect of DIALECTS) {
  describeQueueContract(`table queue on ${dialect}`, async () => {
    const db = await createTestDb(dialect);
    // The table queue reads due times from the injected clock, so advancing it is the passage of time.
    const clock = fixedClock(1_000_000);
    const queue = createTableQueue({ db, clock, log, pollMs: 20 });
    return {
      queue,
      db,
      clock,
      async advance(ms) {
        clock.advance(ms);
      },
      async deadJobs(name) {
        const rows = await db.kysely
          .selectFrom('jobs')
          .select(['payload', 'last_error'])
          .where('name', '=', name)
          .where('status', '=', 'dead')
          .execute();
        return rows.map((r) => ({ payload: JSON.parse(r.payload), error: r.last_error ?? '' }));
      },
      async close() {
        await queue.stop();
        await db.drop();
      },
    };
  });
}

describe.each(DIALECTS)('table queue leases on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => db?.drop());

  it('takes a job again when its worker died holding the lease', async () => {
    const clock = fixedClock(4_000_000);
    const dying = createTableQueue({ db, clock, log });
    await dying.send('t.lease', { v: 1 });
    // Simulate a worker that claimed the job and was killed: mark it active with a lease.
    await db.kysely
      .updateTable('jobs')
      .set({ status: 'active', locked_until: clock.now() + 1000, attempts: 1 })
      .where('name', '=', 't.lease')
      .execute();
    const other = createTableQueue({ db, clock, log });
    let runs = 0;
    other.work('t.lease', async () => {
      runs++;
    });
    await other.drain();
    expect(runs).toBe(0);
    clock.advance(2000);
    await other.drain();
    expect(runs).toBe(1);
    const row = await db.kysely
      .selectFrom('jobs')
      .select('attempts')
      .where('name', '=', 't.lease')
      .executeTakeFirst();
    expect(row?.attempts).toBe(2);
  });
});
