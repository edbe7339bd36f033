import type { Transaction } from 'kysely';
import type { Database } from '../storage/schema.ts';

export type JobOptions = {
  /** Enqueue inside this transaction: the job exists exactly when the data it refers to was committed. */
  trx?: Transaction<Database>;
  runAt?: number;
  maxAttempts?: number;
  /** At most one pending/active job with this key (used by schedules so N workers enqueue it once). */
  singletonKey?: string;
};

export type JobInfo = { id: string; name: string; attempts: number };

export type JobHandler<P> = (payload: P, job: JobInfo) => Promise<void>;

/** The one queue interface; backed by a table in the same database (embedded) or pg-boss (PostgreSQL). */
export interface JobQueue {
  send<P>(name: string, payload: P, options?: JobOptions): Promise<void>;
  work<P>(name: string, handler: JobHandler<P>, options?: { concurrency?: number }): void;
  start(): Promise<void>;
  /** Stops claiming new jobs and waits for the running ones to finish. */
  stop(): Promise<void>;
  /** Runs every job that is due now, then resolves (tests and one-shot CLI commands). */
  drain(): Promise<number>;
}

/** Retry delay after the n-th failed attempt: 5 s, 20 s, 80 s … capped at one hour. */
export function backoffMs(attempt: number): number {
  return Math.min(3_600_000, 5000 * 4 ** Math.max(0, attempt - 1));
}
