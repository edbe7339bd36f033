import { setTimeout as sleep } from 'node:timers/promises';
import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { JobHandler, JobOptions, JobQueue } from './queue.ts';

const DEFAULT_MAX_ATTEMPTS = 5;
/**
 * Retries use pg-boss's own backoff (retryDelay 5 s, retryBackoff): the n-th retry waits
 * 5·2^(n-1) s plus up to 100 % jitter (5–10 s, 10–20 s, 20–40 s, 40–80 s …, doubling up to the 16th
 * retry), computed in SQL with the database clock. It is not the table queue's 5 s × 4^n (`backoffMs`): pg-boss cannot express that
 * without rewriting start_after after every failure, and the jitter keeps failing workers from retrying
 * in lockstep.
 */
const RETRY_DELAY_SECONDS = 5;
const DRAIN_BATCH = 100;

type Executor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
type Entry = {
  handler: JobHandler<unknown>;
  concurrency: number;
  running: Set<Promise<void>>;
  loop: Promise<void> | null;
  wake: (() => void) | null;
};

/** Where a job of `name` goes once it has failed maxAttempts times (with its error in `output`). */
export const deadLetterQueue = (name: string) => `${name}.dead`;

/** pg-boss's statements run on the caller's Kysely transaction: the job commits or rolls back with it. */
function executorOf(trx: Transaction<Database>): Executor {
  return {
    async executeSql(text, values = []) {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

/**
 * The JobQueue on pg-boss 10 (PostgreSQL). pg-boss owns the job rows (schema `deps.schema ?? 'pgboss'`),
 * claims with FOR UPDATE SKIP LOCKED, retries, dead-letters, and its maintenance fails jobs whose worker
 * died (active longer than expire_in, 15 min) so they are retried. We drive it with fetch/complete/fail
 * instead of `boss.work()`: in v10 the worker neither awaits complete()/fail() nor re-checks "stopping"
 * after a fetch, so stop() could close the pool under a job it had just claimed; our loop awaits both.
 */
export function createPgBossQueue(deps: {
  db: Db;
  connectionString: string;
  schema?: string;
  clock: Clock;
  log: Logger;
  pollMs?: number;
  poolSize?: number;
  /**
   * A job active this long is taken for dead (its worker crashed) and failed, so it is retried: the
   * recovery time after a SIGKILL. Default 15 min (pg-boss's); jobs that may run longer must finish first.
   */
  expireInSeconds?: number;
  /** How often pg-boss's maintenance (expiring, archiving) runs, cluster-wide. Default 60 s. */
  maintenanceIntervalSeconds?: number;
}): JobQueue {
  const { db, clock, log } = deps;
  const schema = deps.schema ?? 'pgboss';
  // The schema is spliced into SQL below (as pg-boss itself does), so only plain identifiers.
  if (!/^[a-z_][a-z0-9_]{0,49}$/i.test(schema)) {
    throw new AppError('config.invalid', `invalid pg-boss schema name: ${schema}`);
  }
  const pollMs = deps.pollMs ?? 1000;
  const entries = new Map<string, Entry>();
  let booting: Promise<PgBoss> | null = null;
  let queues = new Map<string, Promise<void>>();
  let creating: Promise<void> = Promise.resolve();
  let working = false;

  /** One pg-boss instance, started lazily: web processes only send, and stop() may be followed by send(). */
  function connect(): Promise<PgBoss> {
    if (!booting) {
      const boss = new PgBoss({
        connectionString: deps.connectionString,
        schema,
        max: deps.poolSize ?? 5,
        application_name: 'phishdesk-jobs',
        schedule: false, // no pg-boss cron: our schedules enqueue with singletonKey
        ...(deps.maintenanceIntervalSeconds
          ? { maintenanceIntervalSeconds: deps.maintenanceIntervalSeconds }
          : {}),
      });
      boss.on('error', (err) => log.error({ err }, 'pg-boss error'));
      const started = boss.start().then(() => boss);
      booting = started;
      queues = new Map();
      started.catch(() => {
        if (booting === started) booting = null;
      });
    }
    return booting;
  }

  /**
   * v10's create_queue() inserts the queue row, then adds foreign keys to the queue table; two sessions
   * creating queues at once each wait for the other's lock (PostgreSQL "deadlock detected", 40P01). In
   * this process creations are chained; between processes (workers booting together) the aborted one
   * retries. Existing queues take neither lock, so this only matters the first time.
   */
  async function createQueue(boss: PgBoss, name: string, options?: PgBoss.Queue): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.createQueue(name, options);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
        log.info(
          { queue: name, attempt },
          'pg-boss queue creation deadlocked with another process; retrying',
        );
        await sleep(50 + Math.random() * 200);
      }
    }
  }

  /** v10 drops sends to a queue that does not exist (the insert joins the queue table), so create first. */
  function ensureQueue(boss: PgBoss, name: string): Promise<void> {
    let created = queues.get(name);
    if (!created) {
      const dead = deadLetterQueue(name);
      created = creating.then(async () => {
        await createQueue(boss, dead);
        await createQueue(boss, name, {
          name,
          retryLimit: DEFAULT_MAX_ATTEMPTS - 1,
          retryDelay: RETRY_DELAY_SECONDS,
          retryBackoff: true,
          deadLetter: dead,
        });
      });
      creating = created.catch(() => {});
      queues.set(name, created);
      created.catch(() => queues.delete(name));
    }
    return created;
  }

  /**
   * v10 only enforces singletonKey under the singleton/stately queue policies, which also treat every
   * job without a key as one shared key. So on our standard queues: serialise senders of the key with
   * a transaction-scoped advisory lock, then look for a queued/retrying/active job with it. Assumes READ
   * COMMITTED (PostgreSQL's default) so the check sees a job committed while we waited for the lock.
   */
  async function singletonTaken(exec: Executor, name: string, key: string): Promise<boolean> {
    await exec.executeSql('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `${schema}:${name}:${key}`,
    ]);
    const { rows } = await exec.executeSql(
      `select 1 from ${schema}.job where name = $1 and singleton_key = $2 and state < 'completed' limit 1`,
      [name, key],
    );
    return rows.length > 0;
  }

  /** boss.fetch() swallows query errors and returns []; surface them so drain() cannot report "nothing due". */
  async function fetchDue(boss: PgBoss, name: string, batchSize: number) {
    const inner = boss.getDb();
    const seen: { error?: unknown } = {};
    const jobs = await boss.fetch<unknown>(name, {
      batchSize,
      includeMetadata: true,
      db: {
        async executeSql(text, values) {
          try {
            return await inner.executeSql(text, values);
          } catch (err) {
            seen.error = err;
            throw err;
          }
        },
      },
    });
    if (seen.error !== undefined) throw seen.error;
    return jobs;
  }

  async function runJob(boss: PgBoss, name: string, entry: Entry, job: PgBoss.JobWithMetadata<unknown>) {
    const attempts = job.retryCount + 1;
    try {
      await entry.handler(job.data, { id: job.id, name, attempts });
    } catch (e) {
      const err = e ?? new Error('job failed');
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
      const dead = attempts > job.retryLimit;
      log.warn({ jobId: job.id, queue: name, attempts, dead, err: message }, 'job failed');
      // Stored in the job's output, and copied with the payload to `<name>.dead` on the last attempt.
      await boss.fail(name, job.id, { message, stack: err instanceof Error ? err.stack : undefined });
      return;
    }
    await boss.complete(name, job.id);
  }

  /** One claim loop per queue: fetches as many due jobs as it has free slots, runs each independently. */
  async function pump(name: string, entry: Entry) {
    while (working) {
      const free = entry.concurrency - entry.running.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const boss = await connect();
          await ensureQueue(boss, name);
          const jobs = await fetchDue(boss, name, free);
          claimed = jobs.length;
          // Claimed jobs run even if stop() was called meanwhile; stop() waits for them.
          for (const job of jobs) {
            const task: Promise<void> = runJob(boss, name, entry, job)
              .catch((err) => log.error({ err, queue: name, jobId: job.id }, 'job bookkeeping failed'))
              .finally(() => {
                entry.running.delete(task);
                entry.wake?.();
              });
            entry.running.add(task);
          }
        } catch (err) {
          log.error({ err, queue: name }, 'queue poll failed');
        }
      }
      if (free > 0 && claimed === free) continue; // a full batch: more may be due right now
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          entry.wake = null;
          resolve();
        }
        entry.wake = done;
      });
    }
  }

  function spawn(name: string, entry: Entry) {
    if (entry.loop) return;
    entry.loop = pump(name, entry).finally(() => {
      entry.loop = null;
    });
  }

  return {
    async send(name, payload, options: JobOptions = {}) {
      const boss = await connect();
      await ensureQueue(boss, name);
      const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
      // runAt is on the injected clock; pg-boss compares with the database's now(), so send the delay.
      const delayMs = options.runAt === undefined ? 0 : options.runAt - clock.now();
      const sendOptions: PgBoss.SendOptions = {
        retryLimit: maxAttempts - 1,
        retryDelay: RETRY_DELAY_SECONDS,
        retryBackoff: true,
        deadLetter: deadLetterQueue(name),
        ...(deps.expireInSeconds ? { expireInSeconds: deps.expireInSeconds } : {}),
        ...(delayMs > 0 ? { startAfter: delayMs / 1000 } : {}),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      };
      // JSON text, cast by pg-boss's `$3::jsonb`: the same round trip as the table queue, and pg would
      // otherwise encode a JS array as a PostgreSQL array literal.
      const data = JSON.stringify(payload ?? null) as unknown as object;
      const key = options.singletonKey;
      if (!options.trx && !key) {
        await boss.send(name, data, sendOptions);
        return;
      }
      const enqueue = async (trx: Transaction<Database>) => {
        const exec = executorOf(trx);
        if (key && (await singletonTaken(exec, name, key))) return;
        await boss.send(name, data, { ...sendOptions, db: exec });
      };
      await (options.trx ? enqueue(options.trx) : db.kysely.transaction().execute(enqueue));
    },

    work(name, handler, options = {}) {
      const entry: Entry = entries.get(name) ?? {
        handler: handler as JobHandler<unknown>,
        concurrency: 4,
        running: new Set(),
        loop: null,
        wake: null,
      };
      entry.handler = handler as JobHandler<unknown>;
      entry.concurrency = Math.max(1, options.concurrency ?? 4);
      entries.set(name, entry);
      if (working) spawn(name, entry);
    },

    async start() {
      if (working) return;
      // Connection and pg-boss migration errors surface here rather than as log lines of a poll loop.
      await connect();
      if (working) return;
      working = true;
      for (const [name, entry] of entries) spawn(name, entry);
    },

    async stop() {
      working = false;
      for (const entry of entries.values()) entry.wake?.();
      await Promise.all([...entries.values()].map((e) => e.loop));
      await Promise.all([...entries.values()].flatMap((e) => [...e.running]));
      const stopping = booting;
      booting = null;
      const boss = await stopping?.catch(() => null);
      // Nothing of ours is left running; pg-boss only has to stop maintenance and close its pool.
      await boss?.stop({ graceful: false, close: true });
    },

    async drain() {
      const boss = await connect();
      let total = 0;
      for (;;) {
        let n = 0;
        for (const [name, entry] of entries) {
          await ensureQueue(boss, name);
          const jobs = await fetchDue(boss, name, DRAIN_BATCH);
          await Promise.all(jobs.map((job) => runJob(boss, name, entry, job)));
          n += jobs.length;
        }
        total += n;
        if (n === 0) return total;
      }
    },
  };
}
