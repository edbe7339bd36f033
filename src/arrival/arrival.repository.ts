import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';

/** All SQL of the arrival module: the per-host visit schedule shared by every worker. */
export function createArrivalRepository(db: Db) {
  const k = db.kysely;
  return {
    /**
     * Reserves the next visit window of `host`: [start, start + intervalMs), start ≥ now. Atomic (one
     * UPDATE … RETURNING after an insert-if-missing), so concurrent workers get consecutive windows.
     */
    async reserveVisit(host: string, now: number, intervalMs: number): Promise<number> {
      await k
        .insertInto('arrival_hosts')
        .values({ host, next_visit_at: now })
        .onConflict((oc) => oc.column('host').doNothing())
        .execute();
      const later =
        db.dialect === 'postgres'
          ? sql<number>`greatest(next_visit_at, ${now}) + ${intervalMs}`
          : sql<number>`max(next_visit_at, ${now}) + ${intervalMs}`;
      const row = await k
        .updateTable('arrival_hosts')
        .set({ next_visit_at: later })
        .where('host', '=', host)
        .returning('next_visit_at')
        .executeTakeFirstOrThrow();
      return Number(row.next_visit_at) - intervalMs;
    },
  };
}

export type ArrivalRepository = ReturnType<typeof createArrivalRepository>;
