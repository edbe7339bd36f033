import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/databases.ts';
import { fixedClock, systemClock } from '../lib/clock.ts';
import { openDatabase } from '../storage/database.ts';
import { createPgBossQueue, deadLetterQueue } from './pgboss-queue.ts';
import { describeQueueContract, waitFor } from './queue-contract.ts';

const log = pino({ level: 'silent' });

/** pg-boss's own tables live in a schema of their own, unique per test database and dropped with it. */
const bossSchema = () => `pgboss_${randomBytes(5).toString('hex')}`;

describeQueueContract('pg-boss queue', async () => {
  const db = await createTestDb('postgres');
  const schema = bossSchema();
  const clock = fixedClock(1_000_000);
  const queue = createPgBossQueue({
    db,
    connectionString: db.url,
    schema,
    clock,
    log,
    pollMs: 20,
    poolSize: 3,
  });
  const jobs = sql.id(schema, 'job');
  return {
    queue,
    db,
    clock,
    /**
     * pg-boss decides what is due with the database's now() (start_after < now()), and computes retry
     * delays in SQL, so a fake application clock cannot move them and waiting for real 5–80 s backoffs
     * would make the suite slow. Moving start_after of every job not yet started back by `ms` is, for
     * the fetch query, exactly `ms` having passed. The app clock moves too, for runAt.
     */
    async advance(ms) {
      clock.advance(ms);
      await sql`update ${jobs} set start_after = start_after - ${ms}::int * interval '1 millisecond'
        where state < 'active'`.execute(db.kysely);
    },
    async deadJobs(name) {
      const { rows } = await sql<{ data: unknown; output: { message?: string } | null }>`
        select data, output from ${jobs} where name = ${deadLetterQueue(name)}`.execute(db.kysely);
      return rows.map((r) => ({ payload: r.data, error: r.output?.message ?? '' }));
    },
    async close() {
      await queue.stop();
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db.kysely);
      await db.drop();
    },
  };
});

describe('pg-boss queue across processes', () => {
  it('runs 500 jobs exactly once with two workers on two pools', async () => {
    const db = await createTestDb('postgres');
    const otherDb = openDatabase({ kind: 'postgres', url: db.url }, { poolSize: 4 });
    const schema = bossSchema();
    const make = () =>
      createPgBossQueue({ db, connectionString: db.url, schema, clock: systemClock, log, pollMs: 50 });
    const workers = [
      { name: 'a', queue: make(), db },
      { name: 'b', queue: make(), db: otherDb },
    ];
    try {
      await sql`create table ran (id integer primary key, worker text not null)`.execute(db.kysely);
      const calls = { a: 0, b: 0 } as Record<string, number>;
      for (const w of workers) {
        w.queue.work<{ id: number }>(
          't.race',
          async ({ id }) => {
            calls[w.name]!++;
            // A second run of the same job would violate the primary key and fail the job.
            await sql`insert into ran (id, worker) values (${id}, ${w.name})`.execute(w.db.kysely);
          },
          { concurrency: 8 },
        );
      }
      // Both start (and install pg-boss's schema) at once, as two processes booting together would.
      await Promise.all(workers.map((w) => w.queue.start()));
      // One transaction: all 500 become visible at the same instant to both pollers.
      await db.kysely.transaction().execute(async (trx) => {
        for (let id = 1; id <= 500; id++) await workers[0]!.queue.send('t.race', { id }, { trx });
      });

      const states = () =>
        sql<{ state: string; n: number }>`select state::text, count(*)::int as n from ${sql.id(schema, 'job')}
          where name = 't.race' group by state`
          .execute(db.kysely)
          .then((r) => Object.fromEntries(r.rows.map((row) => [row.state, row.n])));
      await waitFor(async () => (await states()).completed === 500, 15_000);
      await Promise.all(workers.map((w) => w.queue.stop()));

      expect(await states()).toEqual({ completed: 500 });
      expect(calls.a! + calls.b!).toBe(500);
      const ran = await sql<{ n: number; workers: number }>`
        select count(distinct id)::int as n, count(distinct worker)::int as workers from ran`.execute(
        db.kysely,
      );
      expect(ran.rows[0]).toEqual({ n: 500, workers: 2 });
    } finally {
      await Promise.all(workers.map((w) => w.queue.stop()));
      await otherDb.close();
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db.kysely);
      await db.drop();
    }
  });
});
