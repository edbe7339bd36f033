import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../storage/database.ts';
import { backoffMs, type JobHandler, type JobOptions, type JobQueue } from './queue.ts';

const LEASE_MS = 5 * 60_000;

/**
 * A queue in the `jobs` table of the application's own database. A claimed job holds a lease; if its
 * worker dies, the lease runs out and another worker takes it again, so nothing is lost on restart.
 * On PostgreSQL claims use FOR UPDATE SKIP LOCKED, so several workers never take the same job.
 */
export function createTableQueue(deps: { db: Db; clock: Clock; log: Logger; pollMs?: number }): JobQueue {
  const { db, clock, log } = deps;
  const k = db.kysely;
  const workerId = randomUUID();
  const handlers = new Map<string, { handler: JobHandler<unknown>; concurrency: number }>();
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  const inFlight = new Set<Promise<unknown>>();

  async function claim(name: string, limit: number) {
    const now = clock.now();
    const due = k
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', name)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'active'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(limit);
    return k
      .updateTable('jobs')
      .set({
        status: 'active',
        locked_until: now + LEASE_MS,
        locked_by: workerId,
        attempts: sql`attempts + 1`,
        updated_at: now,
      })
      .where('id', 'in', db.dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
      .returning(['id', 'name', 'payload', 'attempts', 'max_attempts'])
      .execute();
  }

  async function finish(id: number, error: unknown, attempts: number, maxAttempts: number) {
    const now = clock.now();
    if (error === null) {
      await k
        .updateTable('jobs')
        .set({ status: 'done', locked_until: null, singleton_key: null, updated_at: now })
        .where('id', '=', id)
        .execute();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const dead = attempts >= maxAttempts;
    await k
      .updateTable('jobs')
      .set({
        status: dead ? 'dead' : 'pending',
        run_at: dead ? now : now + backoffMs(attempts),
        locked_until: null,
        last_error: message.slice(0, 2000),
        // A dead job gives its key up so the schedule can enqueue the next one.
        ...(dead ? { singleton_key: null } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    log.warn({ jobId: id, attempts, dead, err: message }, 'job failed');
  }

  async function runOnce(name: string, max: number): Promise<number> {
    const entry = handlers.get(name);
    if (!entry) return 0;
    const jobs = await claim(name, max);
    await Promise.all(
      jobs.map(async (job) => {
        let error: unknown = null;
        try {
          await entry.handler(JSON.parse(job.payload), {
            id: String(job.id),
            name: job.name,
            attempts: job.attempts,
          });
        } catch (e) {
          error = e ?? new Error('job failed');
        }
        await finish(job.id, error, job.attempts, job.max_attempts);
      }),
    );
    return jobs.length;
  }

  async function tick() {
    if (!running) return;
    for (const [name, { concurrency }] of handlers) {
      const p = runOnce(name, concurrency).catch((err) =>
        log.error({ err, queue: name }, 'queue poll failed'),
      );
      inFlight.add(p);
      await p;
      inFlight.delete(p);
    }
    if (running) timer = setTimeout(tick, deps.pollMs ?? 250);
  }

  return {
    async send(name, payload, options: JobOptions = {}) {
      const now = clock.now();
      const q = (options.trx ?? k).insertInto('jobs').values({
        name,
        payload: JSON.stringify(payload),
        status: 'pending',
        attempts: 0,
        max_attempts: options.maxAttempts ?? 5,
        run_at: options.runAt ?? now,
        singleton_key: options.singletonKey ?? null,
        created_at: now,
        updated_at: now,
      });
      await (options.singletonKey
        ? q.onConflict((oc) => oc.column('singleton_key').doNothing())
        : q
      ).execute();
    },
    work(name, handler, options = {}) {
      handlers.set(name, { handler: handler as JobHandler<unknown>, concurrency: options.concurrency ?? 4 });
    },
    async start() {
      if (running) return;
      running = true;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await Promise.all(inFlight);
    },
    async drain() {
      let total = 0;
      for (;;) {
        let n = 0;
        for (const name of handlers.keys()) n += await runOnce(name, 100);
        total += n;
        if (n === 0) return total;
      }
    },
  };
}
