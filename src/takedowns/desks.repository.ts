import type { Db } from '../storage/database.ts';
import type { AbuseDesksTable, TakedownNoticesTable } from './takedowns.tables.ts';

export type DeskRow = Omit<AbuseDesksTable, 'id'> & { id: number };
export type NewDesk = Omit<AbuseDesksTable, 'id'>;
export type DeskKey = { kind: AbuseDesksTable['key_kind']; value: string };
export type NewNotice = Omit<TakedownNoticesTable, 'id'>;

/** All SQL of the abuse-desk registry and of the notices sent or filed to desks. */
export function createDesksRepository(db: Db) {
  const k = db.kysely;
  return {
    async list(): Promise<DeskRow[]> {
      return (await k
        .selectFrom('abuse_desks')
        .selectAll()
        .orderBy('key_kind')
        .orderBy('key_value')
        .execute()) as DeskRow[];
    },

    async get(id: number): Promise<DeskRow | undefined> {
      return (await k.selectFrom('abuse_desks').selectAll().where('id', '=', id).executeTakeFirst()) as
        | DeskRow
        | undefined;
    },

    async byKeys(keys: readonly DeskKey[]): Promise<DeskRow[]> {
      if (keys.length === 0) return [];
      return (await k
        .selectFrom('abuse_desks')
        .selectAll()
        .where((w) =>
          w.or(keys.map((key) => w.and([w('key_kind', '=', key.kind), w('key_value', '=', key.value)]))),
        )
        .execute()) as DeskRow[];
    },

    async byEmail(emails: readonly string[]): Promise<DeskRow[]> {
      if (emails.length === 0) return [];
      return (await k
        .selectFrom('abuse_desks')
        .selectAll()
        .where('email', 'in', [...emails])
        .orderBy('id')
        .execute()) as DeskRow[];
    },

    async insert(row: NewDesk): Promise<DeskRow> {
      return (await k
        .insertInto('abuse_desks')
        .values(row)
        .returningAll()
        .executeTakeFirstOrThrow()) as DeskRow;
    },

    /** Inserts unless a desk with the same key exists (seeding from RDAP never overwrites an edit). */
    async insertIfAbsent(row: NewDesk): Promise<boolean> {
      const r = await k
        .insertInto('abuse_desks')
        .values(row)
        .onConflict((oc) => oc.columns(['key_kind', 'key_value']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async update(id: number, set: Partial<NewDesk>): Promise<void> {
      await k.updateTable('abuse_desks').set(set).where('id', '=', id).execute();
    },

    async insertNotice(row: NewNotice): Promise<void> {
      await k.insertInto('takedown_notices').values(row).execute();
    },

    /** A notice to the desk about the URL from another case that is still pursued. */
    async openNotice(deskId: number, targetUrl: string, exceptCaseId: number, states: readonly string[]) {
      return k
        .selectFrom('takedown_notices')
        .innerJoin('takedown_cases', 'takedown_cases.id', 'takedown_notices.case_id')
        .select(['takedown_cases.id as caseId', 'takedown_cases.state as state', 'takedown_notices.at as at'])
        .where('takedown_notices.desk_id', '=', deskId)
        .where('takedown_notices.target_url', '=', targetUrl)
        .where('takedown_notices.case_id', '<>', exceptCaseId)
        .where('takedown_cases.state', 'in', [...states])
        .orderBy('takedown_notices.at')
        .executeTakeFirst();
    },

    /** Every request notice with its case's outcome: what a desk's record is computed from. */
    async requestOutcomes(deskId?: number) {
      let q = k
        .selectFrom('takedown_notices')
        .innerJoin('takedown_cases', 'takedown_cases.id', 'takedown_notices.case_id')
        .select([
          'takedown_notices.desk_id as deskId',
          'takedown_notices.case_id as caseId',
          'takedown_notices.at as at',
          'takedown_cases.acknowledged_at as acknowledgedAt',
          'takedown_cases.down_at as downAt',
        ])
        .where('takedown_notices.kind', '=', 'request');
      if (deskId !== undefined) q = q.where('takedown_notices.desk_id', '=', deskId);
      const rows = await q.orderBy('takedown_notices.at').execute();
      return rows.map((r) => ({
        deskId: Number(r.deskId),
        caseId: Number(r.caseId),
        at: Number(r.at),
        acknowledgedAt: r.acknowledgedAt === null ? null : Number(r.acknowledgedAt),
        downAt: r.downAt === null ? null : Number(r.downAt),
      }));
    },
  };
}

export type DesksRepository = ReturnType<typeof createDesksRepository>;
