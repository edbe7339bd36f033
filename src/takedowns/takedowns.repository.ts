import type { Kysely } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { TakedownCasesTable } from './takedowns.tables.ts';

export type CaseRow = Omit<TakedownCasesTable, 'id'> & { id: number };
export type NewCase = Omit<TakedownCasesTable, 'id'>;
export type EventInput = {
  case_id: number;
  at: number;
  kind: string;
  from_state?: string | null;
  to_state?: string | null;
  actor_user_id?: number | null;
  detail?: Record<string, unknown>;
};

/** All SQL of takedown cases and their events. */
export function createTakedownsRepository(db: Db) {
  const k = db.kysely;
  const event = (x: Kysely<Database>, e: EventInput) =>
    x
      .insertInto('takedown_events')
      .values({
        case_id: e.case_id,
        at: e.at,
        kind: e.kind,
        from_state: e.from_state ?? null,
        to_state: e.to_state ?? null,
        actor_user_id: e.actor_user_id ?? null,
        detail: JSON.stringify(e.detail ?? {}),
      })
      .execute();

  return {
    async insertCase(row: NewCase, opened: EventInput['detail'], actor: number | null): Promise<CaseRow> {
      return k.transaction().execute(async (trx) => {
        const c = (await trx
          .insertInto('takedown_cases')
          .values(row)
          .returningAll()
          .executeTakeFirstOrThrow()) as CaseRow;
        await event(trx, {
          case_id: c.id,
          at: row.opened_at,
          kind: 'opened',
          to_state: row.state,
          actor_user_id: actor,
          detail: opened,
        });
        return c;
      });
    },

    async get(id: number): Promise<CaseRow | undefined> {
      return (await k.selectFrom('takedown_cases').selectAll().where('id', '=', id).executeTakeFirst()) as
        | CaseRow
        | undefined;
    },

    async list(filter: {
      state?: string;
      urlId?: number;
      limit: number;
      beforeId?: number;
    }): Promise<CaseRow[]> {
      let q = k.selectFrom('takedown_cases').selectAll();
      if (filter.state) q = q.where('state', '=', filter.state);
      if (filter.urlId !== undefined) q = q.where('url_id', '=', filter.urlId);
      if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
      return (await q.orderBy('id', 'desc').limit(filter.limit).execute()) as CaseRow[];
    },

    async casesOfUrl(urlId: number, states: readonly string[]): Promise<CaseRow[]> {
      return (await k
        .selectFrom('takedown_cases')
        .selectAll()
        .where('url_id', '=', urlId)
        .where('state', 'in', [...states])
        .orderBy('id')
        .execute()) as CaseRow[];
    },

    async activeCaseFor(target: { urlId: number; domain: string | null }, states: readonly string[]) {
      let q = k
        .selectFrom('takedown_cases')
        .selectAll()
        .where('state', 'in', [...states]);
      q = target.domain
        ? q.where((w) =>
            w.or([
              w('url_id', '=', target.urlId),
              w.and([w('scope', '=', 'domain'), w('target_domain', '=', target.domain)]),
            ]),
          )
        : q.where('url_id', '=', target.urlId);
      return (await q.orderBy('id').executeTakeFirst()) as CaseRow | undefined;
    },

    /**
     * Moves a case from `from` to another state with its event, in one transaction; false when the case
     * was no longer in `from` (another request moved it first).
     */
    async transition(
      id: number,
      from: string,
      set: Partial<NewCase> & { state: string; updated_at: number },
      e: Omit<EventInput, 'case_id' | 'from_state' | 'to_state'>,
    ): Promise<boolean> {
      return k.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('takedown_cases')
          .set(set)
          .where('id', '=', id)
          .where('state', '=', from)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await event(trx, { ...e, case_id: id, from_state: from, to_state: set.state });
        return true;
      });
    },

    async update(id: number, set: Partial<NewCase>): Promise<void> {
      await k.updateTable('takedown_cases').set(set).where('id', '=', id).execute();
    },

    addEvent: (e: EventInput) => event(k, e),

    async events(caseId: number) {
      const rows = await k
        .selectFrom('takedown_events')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    },

    /** The URL with its brand's names and official domains. */
    async urlInfo(urlId: number) {
      return k
        .selectFrom('urls')
        .leftJoin('brands', 'brands.id', 'urls.brand_id')
        .select([
          'urls.id',
          'urls.canonical',
          'urls.port',
          'urls.status',
          'urls.first_seen',
          'urls.brand_id',
          'brands.name_ja',
          'brands.name_en',
          'brands.official_domains',
        ])
        .where('urls.id', '=', urlId)
        .executeTakeFirst();
    },

    /** When the URL was first reported: its earliest report, else when it was first seen. */
    async firstReportedAt(urlId: number): Promise<number | null> {
      const r = await k
        .selectFrom('report_urls')
        .innerJoin('reports', 'reports.id', 'report_urls.report_id')
        .select((eb) => eb.fn.min('reports.received_at').as('at'))
        .where('report_urls.url_id', '=', urlId)
        .executeTakeFirst();
      return r?.at === null || r?.at === undefined ? null : Number(r.at);
    },

    async metricRows(range: { from?: number; to?: number }) {
      let q = k
        .selectFrom('takedown_cases')
        .select(['state', 'first_reported_at', 'requested_at', 'down_at']);
      if (range.from !== undefined) q = q.where('opened_at', '>=', range.from);
      if (range.to !== undefined) q = q.where('opened_at', '<', range.to);
      return q.execute();
    },
  };
}

export type TakedownsRepository = ReturnType<typeof createTakedownsRepository>;
