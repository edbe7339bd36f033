import type { Transaction } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';

/** All SQL of the outcome notices (one row per report whose reporter asked to hear the outcome). */
export function createOutcomeRepository(db: Db) {
  const k = db.kysely;
  return {
    /** In the report's own transaction: the consent exists exactly when the report does. */
    async insert(
      trx: Transaction<Database>,
      n: { reportId: number; email: string; lang: string; at: number },
    ): Promise<void> {
      await trx
        .insertInto('outcome_notices')
        .values({
          report_id: n.reportId,
          email: n.email,
          lang: n.lang,
          state: 'pending',
          outcome: null,
          attempts: 0,
          last_error: null,
          created_at: n.at,
          sent_at: null,
        })
        .execute();
    },

    /** Pending notices after report `afterId`, in report order (the sweep pages through all of them). */
    async pending(afterId: number, limit: number) {
      return k
        .selectFrom('outcome_notices')
        .select(['report_id', 'email', 'lang', 'attempts'])
        .where('state', '=', 'pending')
        .where('report_id', '>', afterId)
        .orderBy('report_id')
        .limit(limit)
        .execute();
    },

    /**
     * Claims the notice for sending: only one worker wins, and a notice once claimed is never sent
     * again (a crash between claim and send loses that mail rather than sending it twice).
     */
    async claim(reportId: number, outcome: string, at: number): Promise<boolean> {
      const r = await k
        .updateTable('outcome_notices')
        .set({ state: 'sent', outcome, sent_at: at })
        .where('report_id', '=', reportId)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async failed(reportId: number, error: string): Promise<void> {
      await k
        .updateTable('outcome_notices')
        .set((eb) => ({
          state: 'failed',
          sent_at: null,
          last_error: error,
          attempts: eb('attempts', '+', 1),
        }))
        .where('report_id', '=', reportId)
        .execute();
    },

    async get(reportId: number) {
      return (
        (await k
          .selectFrom('outcome_notices')
          .selectAll()
          .where('report_id', '=', reportId)
          .executeTakeFirst()) ?? null
      );
    },
  };
}

export type OutcomeRepository = ReturnType<typeof createOutcomeRepository>;
