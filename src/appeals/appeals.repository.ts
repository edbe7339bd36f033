import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { AppealsTable } from './appeals.tables.ts';

export type AppealStatus = 'open' | 'upheld' | 'rejected';

export type AppealRecord = {
  id: number;
  targetInput: string;
  targetKind: 'url' | 'host' | 'domain';
  targetValue: string;
  contactEmail: string;
  statement: string;
  lang: string;
  matchedAtReceipt: number;
  status: AppealStatus;
  receivedAt: number;
  deadlineAt: number;
  decidedAt: number | null;
  decidedBy: number | null;
  decisionReason: string | null;
  removedUrlIds: number[];
};

export type NewAppeal = Omit<
  AppealRecord,
  'id' | 'status' | 'decidedAt' | 'decidedBy' | 'decisionReason' | 'removedUrlIds'
>;

/** Keyset position in (deadline_at, id) order: the list shows what is due first. */
export type AppealCursor = { deadline: number; id: number };

function toRecord(r: Selectable<AppealsTable>): AppealRecord {
  return {
    id: Number(r.id),
    targetInput: r.target_input,
    targetKind: r.target_kind as AppealRecord['targetKind'],
    targetValue: r.target_value,
    contactEmail: r.contact_email,
    statement: r.statement,
    lang: r.lang,
    matchedAtReceipt: Number(r.matched_at_receipt),
    status: r.status as AppealStatus,
    receivedAt: Number(r.received_at),
    deadlineAt: Number(r.deadline_at),
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    decidedBy: r.decided_by === null ? null : Number(r.decided_by),
    decisionReason: r.decision_reason,
    removedUrlIds: r.removed_url_ids ? (JSON.parse(r.removed_url_ids) as number[]) : [],
  };
}

/** All SQL of the appeals module; writes take the caller's transaction. */
export function createAppealsRepository(db: Db) {
  const k = db.kysely;
  return {
    async insert(a: NewAppeal): Promise<AppealRecord> {
      const row = await k
        .insertInto('appeals')
        .values({
          target_input: a.targetInput,
          target_kind: a.targetKind,
          target_value: a.targetValue,
          contact_email: a.contactEmail,
          statement: a.statement,
          lang: a.lang,
          matched_at_receipt: a.matchedAtReceipt,
          status: 'open',
          received_at: a.receivedAt,
          deadline_at: a.deadlineAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    async get(id: number, ex: Kysely<Database> = k): Promise<AppealRecord | null> {
      const row = await ex.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    },

    async list(q: { status: AppealStatus | null; after: AppealCursor | null; limit: number }) {
      let query = k.selectFrom('appeals').selectAll();
      if (q.status) query = query.where('status', '=', q.status);
      const after = q.after;
      if (after)
        query = query.where((eb) =>
          eb.or([
            eb('deadline_at', '>', after.deadline),
            eb.and([eb('deadline_at', '=', after.deadline), eb('id', '>', after.id)]),
          ]),
        );
      const rows = await query.orderBy('deadline_at').orderBy('id').limit(q.limit).execute();
      return rows.map(toRecord);
    },

    /** Closes an open appeal; false when it was decided meanwhile (nothing written). */
    async decide(
      ex: Kysely<Database>,
      d: { id: number; status: 'upheld' | 'rejected'; at: number; by: number | null; reason: string },
    ): Promise<boolean> {
      const r = await ex
        .updateTable('appeals')
        .set({ status: d.status, decided_at: d.at, decided_by: d.by, decision_reason: d.reason })
        .where('id', '=', d.id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async setRemoved(ex: Kysely<Database>, id: number, urlIds: readonly number[]): Promise<void> {
      await ex
        .updateTable('appeals')
        .set({ removed_url_ids: JSON.stringify(urlIds) })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type AppealsRepository = ReturnType<typeof createAppealsRepository>;
