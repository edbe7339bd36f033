import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestDb } from '../../test/databases.ts';
import type { Clock } from '../lib/clock.ts';
import type { JobQueue } from './queue.ts';

/** What a backend's test gives the contract. Each call makes a fresh database (schema or file). */
export type QueueHarness = {
  queue: JobQueue;
  db: TestDb;
  /** The clock the queue was given (runAt is expressed on it). */
  clock: Clock;
  /** Makes `ms` pass for the queue: jobs whose due time is within `ms` from now become due. */
  advance(ms: number): Promise<void>;
  /** Jobs of `name` given up after maxAttempts, with the error of their last attempt. */
  deadJobs(name: string): Promise<Array<{ payload: unknown; error: string }>>;
  close(): Promise<void>;
};

/** Polls (every 20 ms) until `check` holds; fails after `timeoutMs` instead of hanging the suite. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** The behaviour every JobQueue has, whatever stores the jobs. */
export function describeQueueContract(name: string, makeQueue: () => Promise<QueueHarness>): void {
  describe(name, () => {
    const open: QueueHarness[] = [];
    const make = async () => {
      const h = await makeQueue();
      open.push(h);
      return h;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((h) => h.close()));
    });

    it('runs each job once and hands the payload over as JSON', async () => {
      const { queue } = await make();
      const seen: unknown[] = [];
      queue.work('t.once', async (payload, job) => {
        expect(job.attempts).toBe(1);
        seen.push(payload);
      });
      const payloads = [{ n: 1, tags: ['a', 'b'] }, { n: 2, nested: { at: new Date(0) } }, [3, 'three']];
      for (const p of payloads) await queue.send('t.once', p);

      expect(await queue.drain()).toBe(3);
      expect(await queue.drain()).toBe(0);
      expect(seen).toHaveLength(3);
      expect(seen).toEqual(expect.arrayContaining(JSON.parse(JSON.stringify(payloads))));
    });

    it('works jobs in the background after start(), for handlers registered before or after it', async () => {
      const { queue } = await make();
      const seen: string[] = [];
      await queue.send('t.late', { v: 'sent before anyone worked the queue' });
      queue.work<{ v: string }>('t.early', async ({ v }) => {
        seen.push(v);
      });
      await queue.start();
      queue.work<{ v: string }>('t.late', async ({ v }) => {
        seen.push(v);
      });
      await queue.send('t.early', { v: 'early' });
      await waitFor(() => seen.length === 2);
      await queue.stop();
      expect(seen.sort()).toEqual(['early', 'sent before anyone worked the queue']);
      expect(await queue.drain()).toBe(0);
    });

    it('retries a failing job after a backoff, then gives it up with the reason after maxAttempts', async () => {
      const { queue, advance, deadJobs } = await make();
      const seen: number[] = [];
      const brokenAttempts: number[] = [];
      let transient = 0;
      queue.work<{ n: number }>('t.retry', async ({ n }, job) => {
        if (n === 3 && transient++ < 1) throw new Error('transient');
        if (n === 4) {
          brokenAttempts.push(job.attempts);
          throw new Error('always broken');
        }
        seen.push(n);
      });
      for (const n of [1, 2, 3]) await queue.send('t.retry', { n });
      await queue.send('t.retry', { n: 4 }, { maxAttempts: 3 });

      await queue.drain();
      expect(seen.sort()).toEqual([1, 2]);
      await queue.drain(); // not due again before its backoff
      expect(brokenAttempts).toEqual([1]);
      await advance(10_000);
      await queue.drain();
      expect(seen.sort()).toEqual([1, 2, 3]);
      expect(brokenAttempts).toEqual([1, 2]);
      expect(await deadJobs('t.retry')).toEqual([]);
      await advance(60_000);
      await queue.drain();
      expect(brokenAttempts).toEqual([1, 2, 3]);
      await advance(24 * 3_600_000);
      expect(await queue.drain()).toBe(0);
      expect(brokenAttempts).toEqual([1, 2, 3]);
      expect(await deadJobs('t.retry')).toEqual([{ payload: { n: 4 }, error: 'always broken' }]);
    });

    it('enqueues with a transaction: nothing if it rolls back, the job if it commits', async () => {
      const { queue, db } = await make();
      const seen: number[] = [];
      queue.work<{ x: number }>('t.tx', async ({ x }) => {
        seen.push(x);
      });
      await expect(
        db.kysely.transaction().execute(async (trx) => {
          await queue.send('t.tx', { x: 1 }, { trx });
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      await db.kysely.transaction().execute(async (trx) => {
        await queue.send('t.tx', { x: 2 }, { trx });
      });
      expect(await queue.drain()).toBe(1);
      expect(seen).toEqual([2]);
    });

    it('holds a job back until runAt', async () => {
      const { queue, clock, advance } = await make();
      let runs = 0;
      queue.work('t.later', async () => {
        runs++;
      });
      await queue.send('t.later', {}, { runAt: clock.now() + 60_000 });
      expect(await queue.drain()).toBe(0);
      await advance(61_000);
      expect(await queue.drain()).toBe(1);
      expect(runs).toBe(1);
    });

    it('keeps one queued or running job per singletonKey, and takes a new one once it has run', async () => {
      const { queue } = await make();
      const runs: string[] = [];
      queue.work<{ key: string; v: string }>('t.single', async ({ key, v }) => {
        runs.push(v);
        // Sent while the job with this key is running: dropped.
        if (!v.endsWith('again'))
          await queue.send('t.single', { key, v: `${v} again` }, { singletonKey: key });
      });
      const send = (key: string, v: string) => queue.send('t.single', { key, v }, { singletonKey: key });
      await send('feed:1', 'one');
      await send('feed:1', 'dup');
      await send('feed:2', 'two');
      await queue.drain();
      expect(runs.sort()).toEqual(['one', 'two']);
      await send('feed:1', 'next');
      await queue.drain();
      expect(runs.sort()).toEqual(['next', 'one', 'two']);
    });

    it('stop() stops claiming and waits for the running handler', async () => {
      const { queue } = await make();
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started = 0;
      let finished = 0;
      queue.work('t.slow', async () => {
        started++;
        await gate;
        finished++;
      });
      await queue.send('t.slow', {});
      await queue.start();
      await waitFor(() => started === 1);
      let stopped = false;
      const stopping = queue.stop().then(() => {
        stopped = true;
      });
      await sleep(100);
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(finished).toBe(1);
      // Completed, not left active or failed: nothing to run again.
      expect(await queue.drain()).toBe(0);
      expect(started).toBe(1);
    });
  });
}
