import type { Selectable, Updateable } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { SourceRunsTable, SourcesTable } from '../storage/schema.ts';
import { FEED_KINDS } from './source-config.ts';

export type SourceRow = Selectable<SourcesTable>;
export type SourceRunRow = Selectable<SourceRunsTable>;

export type RunOutcome = {
  status: 'ok' | 'not_modified' | 'failed';
  finishedAt: number;
  fetched: number;
  newCount: number;
  knownCount: number;
  rejected: number;
  errors: string[];
};

/** All SQL of configured feed sources and their runs. */
export function createFeedsRepository(db: Db) {
  const k = db.kysely;
  return {
    async insert(values: {
      name: string;
      kind: string;
      url: string;
      schedule: string;
      credentials: string | null;
      licence: string | null;
      config: string;
      enabled: number;
      now: number;
    }): Promise<number> {
      const { now, ...rest } = values;
      const row = await k
        .insertInto('sources')
        .values({ ...rest, next_run_at: now, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async update(id: number, values: Updateable<SourcesTable>): Promise<void> {
      await k.updateTable('sources').set(values).where('id', '=', id).execute();
    },

    async byId(id: number): Promise<SourceRow | undefined> {
      return k.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async byName(name: string): Promise<SourceRow | undefined> {
      return k.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst();
    },

    /** Sources of a feed kind, configured (with a URL) or created by a file import. */
    async listFeeds(): Promise<SourceRow[]> {
      return k
        .selectFrom('sources')
        .selectAll()
        .where('kind', 'in', [...FEED_KINDS])
        .orderBy('name')
        .execute();
    },

    /** The latest run of each source. */
    async latestRuns(): Promise<Map<number, SourceRunRow>> {
      const rows = await k
        .selectFrom('source_runs')
        .selectAll()
        .where(
          'id',
          'in',
          k
            .selectFrom('source_runs')
            .select((eb) => eb.fn.max('id').as('id'))
            .groupBy('source_id'),
        )
        .execute();
      return new Map(rows.map((r) => [Number(r.source_id), r]));
    },

    async recentRuns(sourceId: number, limit: number): Promise<SourceRunRow[]> {
      return k
        .selectFrom('source_runs')
        .selectAll()
        .where('source_id', '=', sourceId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /** Enabled, configured feed sources whose next run time has come. */
    async dueIds(now: number): Promise<number[]> {
      const rows = await k
        .selectFrom('sources')
        .select('id')
        .where('enabled', '=', 1)
        .where('url', 'is not', null)
        .where('kind', 'in', [...FEED_KINDS])
        .where((eb) => eb.or([eb('next_run_at', 'is', null), eb('next_run_at', '<=', now)]))
        .orderBy('next_run_at')
        .execute();
      return rows.map((r) => Number(r.id));
    },

    /**
     * Claims a due source for one run: moves its next run time to `leaseUntil` only if it is enabled and
     * due now. Exactly one of several concurrent callers gets true; if that run dies, the source is due
     * again when the lease ends.
     */
    async claimDue(id: number, now: number, leaseUntil: number): Promise<boolean> {
      const r = await k
        .updateTable('sources')
        .set({ next_run_at: leaseUntil })
        .where('id', '=', id)
        .where('enabled', '=', 1)
        .where((eb) => eb.or([eb('next_run_at', 'is', null), eb('next_run_at', '<=', now)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async startRun(sourceId: number, now: number): Promise<number> {
      const row = await k
        .insertInto('source_runs')
        .values({
          source_id: sourceId,
          started_at: now,
          status: 'running',
          fetched: 0,
          new_count: 0,
          known_count: 0,
          rejected: 0,
          errors: '[]',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    /** Records how a run ended and what the source carries forward, in one transaction. */
    async finishRun(
      runId: number,
      sourceId: number,
      outcome: RunOutcome,
      source: Updateable<SourcesTable>,
    ): Promise<void> {
      await k.transaction().execute(async (trx) => {
        await trx
          .updateTable('source_runs')
          .set({
            status: outcome.status,
            finished_at: outcome.finishedAt,
            fetched: outcome.fetched,
            new_count: outcome.newCount,
            known_count: outcome.knownCount,
            rejected: outcome.rejected,
            errors: JSON.stringify(outcome.errors),
          })
          .where('id', '=', runId)
          .execute();
        await trx
          .updateTable('sources')
          // Not updated_at: that dates the configuration, not the last poll.
          .set(source)
          .where('id', '=', sourceId)
          .execute();
      });
    },
  };
}

export type FeedsRepository = ReturnType<typeof createFeedsRepository>;
