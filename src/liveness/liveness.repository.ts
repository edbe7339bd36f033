import type { Db } from '../storage/database.ts';
import type { UrlChecksTable } from '../takedowns/takedowns.tables.ts';

export type CheckRow = Omit<UrlChecksTable, 'id'> & { id: number };
export type NewCheck = Omit<UrlChecksTable, 'id'>;

/** All SQL of the liveness module: stored checks and the per-URL schedule. */
export function createLivenessRepository(db: Db) {
  const k = db.kysely;
  return {
    async insertCheck(check: NewCheck): Promise<CheckRow> {
      const row = await k.insertInto('url_checks').values(check).returningAll().executeTakeFirstOrThrow();
      return row as CheckRow;
    },

    /** Checks of these URLs, oldest first. */
    async checksOf(urlIds: readonly number[]): Promise<CheckRow[]> {
      if (urlIds.length === 0) return [];
      const rows = await k
        .selectFrom('url_checks')
        .selectAll()
        .where('url_id', 'in', [...urlIds])
        .orderBy('url_id')
        .orderBy('checked_at')
        .orderBy('id')
        .execute();
      return rows as CheckRow[];
    },

    async urlOf(urlId: number) {
      return k
        .selectFrom('urls')
        .select(['id', 'canonical', 'port', 'status', 'first_seen', 'brand_id', 'domain_id'])
        .where('id', '=', urlId)
        .executeTakeFirst();
    },

    /** Starts watching every confirmed URL that is not watched yet; returns how many. */
    async enrollConfirmed(now: number): Promise<number> {
      const result = await k
        .insertInto('liveness_watch')
        .columns(['url_id', 'started_at', 'next_check_at', 'checks'])
        .expression((eb) =>
          eb
            .selectFrom('urls')
            .select((s) => [
              'urls.id',
              s.val(now).as('started_at'),
              s.val(now).as('next_check_at'),
              s.val(0).as('c'),
            ])
            .where('urls.status', '=', 'confirmed')
            .where((w) =>
              w.not(
                w.exists(w.selectFrom('liveness_watch').select('url_id').whereRef('url_id', '=', 'urls.id')),
              ),
            ),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },

    async watch(urlId: number) {
      return k.selectFrom('liveness_watch').selectAll().where('url_id', '=', urlId).executeTakeFirst();
    },

    async dueUrlIds(now: number, limit: number): Promise<number[]> {
      const rows = await k
        .selectFrom('liveness_watch')
        .select('url_id')
        .where('stopped_at', 'is', null)
        .where('next_check_at', '<=', now)
        .orderBy('next_check_at')
        .limit(limit)
        .execute();
      return rows.map((r) => r.url_id);
    },

    async updateWatch(
      urlId: number,
      set: { nextCheckAt: number; checkedAt: number; result: string; stoppedAt: number | null },
    ): Promise<void> {
      await k
        .updateTable('liveness_watch')
        .set((eb) => ({
          next_check_at: set.nextCheckAt,
          last_checked_at: set.checkedAt,
          last_result: set.result,
          checks: eb('checks', '+', 1),
          stopped_at: set.stoppedAt,
        }))
        .where('url_id', '=', urlId)
        .execute();
    },
  };
}

export type LivenessRepository = ReturnType<typeof createLivenessRepository>;
