import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { BrandCandidateRunsTable } from './brands.tables.ts';
import type { TokenKind } from './emerging-tokens.ts';

/** SQL of emerging-brand runs and their stored candidates (the brands module's tables, migration 0020). */
export type CandidateRun = {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  requestedBy: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  windowFrom: number;
  windowTo: number;
  urlsScanned: number;
  reportsScanned: number;
  candidates: number;
  error: string | null;
};

export type Sample = { kind: TokenKind; text: string };

export type Candidate = {
  rank: number;
  token: string;
  kinds: TokenKind[];
  urls: number;
  reports: number;
  sites: number;
  /** [urls, reports] per week of the run's window, oldest first. */
  weeks: [number, number][];
  samples: Sample[];
};

const toRun = (r: Selectable<BrandCandidateRunsTable>): CandidateRun => ({
  id: Number(r.id),
  status: r.status as CandidateRun['status'],
  requestedBy: r.requested_by === null ? null : Number(r.requested_by),
  createdAt: Number(r.created_at),
  startedAt: r.started_at === null ? null : Number(r.started_at),
  finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  windowFrom: Number(r.window_from),
  windowTo: Number(r.window_to),
  urlsScanned: Number(r.urls_scanned),
  reportsScanned: Number(r.reports_scanned),
  candidates: Number(r.candidates),
  error: r.error,
});

const INSERT_BATCH = 100;

export function createEmergingRepository(db: Db) {
  const k = db.kysely;
  return {
    transaction: <T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> =>
      k.transaction().execute(fn),

    /** A queued or running run, if any (a refresh while one is pending joins it). */
    async pendingRun(trx: Transaction<Database>): Promise<CandidateRun | null> {
      const row = await trx
        .selectFrom('brand_candidate_runs')
        .selectAll()
        .where('status', 'in', ['queued', 'running'])
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },

    async createRun(
      trx: Transaction<Database>,
      r: { requestedBy: number | null; windowFrom: number; windowTo: number },
      now: number,
    ): Promise<number> {
      const row = await trx
        .insertInto('brand_candidate_runs')
        .values({
          status: 'queued',
          requested_by: r.requestedBy,
          created_at: now,
          window_from: r.windowFrom,
          window_to: r.windowTo,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    /** queued (or failed, or running after a worker died) → running; null when done or unknown. */
    async claimRun(id: number, now: number): Promise<CandidateRun | null> {
      const row = await k
        .updateTable('brand_candidate_runs')
        .set({ status: 'running', started_at: now })
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'running', 'failed'])
        .returningAll()
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },

    async progress(id: number, p: { urlsScanned: number; reportsScanned: number }): Promise<void> {
      await k
        .updateTable('brand_candidate_runs')
        .set({ urls_scanned: p.urlsScanned, reports_scanned: p.reportsScanned })
        .where('id', '=', id)
        .execute();
    },

    /** Stores the candidates and marks the run done in one transaction (a retried run replaces its rows). */
    async finish(id: number, candidates: Candidate[], now: number): Promise<void> {
      await k.transaction().execute(async (trx) => {
        await trx.deleteFrom('brand_candidates').where('run_id', '=', id).execute();
        for (let i = 0; i < candidates.length; i += INSERT_BATCH) {
          await trx
            .insertInto('brand_candidates')
            .values(
              candidates.slice(i, i + INSERT_BATCH).map((c) => ({
                run_id: id,
                rank: c.rank,
                token: c.token,
                kinds: JSON.stringify(c.kinds),
                urls: c.urls,
                reports: c.reports,
                sites: c.sites,
                weeks: JSON.stringify(c.weeks),
                samples: JSON.stringify(c.samples),
              })),
            )
            .execute();
        }
        await trx
          .updateTable('brand_candidate_runs')
          .set({ status: 'done', finished_at: now, candidates: candidates.length, error: null })
          .where('id', '=', id)
          .execute();
      });
    },

    async fail(id: number, error: string, now: number): Promise<void> {
      await k
        .updateTable('brand_candidate_runs')
        .set({ status: 'failed', finished_at: now, error })
        .where('id', '=', id)
        .execute();
    },

    async getRun(id: number): Promise<CandidateRun | null> {
      const row = await k
        .selectFrom('brand_candidate_runs')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },

    async latestRun(status?: 'done'): Promise<CandidateRun | null> {
      let q = k.selectFrom('brand_candidate_runs').selectAll();
      if (status) q = q.where('status', '=', status);
      const row = await q.orderBy('id', 'desc').executeTakeFirst();
      return row ? toRun(row) : null;
    },

    /** Candidates of a run by rank after `afterRank`. */
    async candidates(runId: number, afterRank: number, limit: number): Promise<Candidate[]> {
      const rows = await k
        .selectFrom('brand_candidates')
        .selectAll()
        .where('run_id', '=', runId)
        .where('rank', '>', afterRank)
        .orderBy('rank')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        rank: Number(r.rank),
        token: r.token,
        kinds: JSON.parse(r.kinds) as TokenKind[],
        urls: Number(r.urls),
        reports: Number(r.reports),
        sites: Number(r.sites),
        weeks: JSON.parse(r.weeks) as [number, number][],
        samples: JSON.parse(r.samples) as Sample[],
      }));
    },
  };
}

export type EmergingRepository = ReturnType<typeof createEmergingRepository>;
