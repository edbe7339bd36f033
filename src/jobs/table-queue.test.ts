import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { fixedClock } from '../lib/clock.ts';
import { createTableQueue } from './table-queue.ts';

const log = pino({ level: 'silent' });

describe.each(DIALECTS)('table queue on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => db?.drop());

  it('runs each job once, retries failures with backoff, dead-letters with the reason', async () => {
    const clock = fixedClock(1_000_000);
    const queue = createTableQueue({ db, clock, log });
    const seen: number[] = [];
    let failures = 0;
    queue.work<{ n: number }>('t.work', async ({ n }) => {
      if (n === 3 && failures++ < 1) throw new Error('transient');
      if (n === 4) throw new Error('always broken');
      seen.push(n);
    });
    for (const n of [1, 2, 3]) await queue.send('t.work', { n });
    await queue.send('t.work', { n: 4 }, { maxAttempts: 2 });

    await queue.drain();
    expect(seen.sort()).toEqual([1, 2]);
    clock.advance(10_000);
    await queue.drain();
    expect(seen.sort()).toEqual([1, 2, 3]);
    clock.advance(60_000);
    await queue.drain();
    const dead = await db.kysely.selectFrom('jobs').selectAll().where('status', '=', 'dead').execute();
    expect(dead).toHaveLength(1);
    expect(dead[0]!.last_error).toBe('always broken');
    expect(dead[0]!.attempts).toBe(2);
  });

  it('commits a job only with its transaction', async () => {
    const clock = fixedClock(2_000_000);
    const queue = createTableQueue({ db, clock, log });
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await queue.send('t.tx', { x: 1 }, { trx });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const rows = await db.kysely.selectFrom('jobs').selectAll().where('name', '=', 't.tx').execute();
    expect(rows).toHaveLength(0);
  });

  it('enqueues a singleton once until it has run, and again afterwards', async () => {
    const clock = fixedClock(3_000_000);
    const queue = createTableQueue({ db, clock, log });
    let runs = 0;
    queue.work('t.single', async () => {
      runs++;
    });
    await queue.send('t.single', {}, { singletonKey: 'feed:1' });
    await queue.send('t.single', {}, { singletonKey: 'feed:1' });
    await queue.drain();
    expect(runs).toBe(1);
    await queue.send('t.single', {}, { singletonKey: 'feed:1' });
    await queue.drain();
    expect(runs).toBe(2);
  });

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
  });
});
