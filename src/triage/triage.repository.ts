import { type Kysely, sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { containsText } from './like.ts';
import { selectUrlSummaries, type UrlSummaryRow } from './url-summary.ts';
import { reportVisible } from './visibility.ts';

type Ex = Kysely<Database>;

export type UrlQueueFilter = {
  statuses?: string[];
  /** A brand id, or 'none' for URLs without one. */
  brand?: number | 'none';
  /** null: every brand; an array: only these (brand users). */
  scope: readonly number[] | null;
  sourceId?: number;
  tld?: string;
  feature?: string;
  from?: number;
  to?: number;
  search?: string;
  /** Search only the texts of reports with these TLP markings (or none); null = every report. */
  searchTlps?: readonly string[] | null;
  cursor?: { t: number; id: number };
  limit: number;
};

export type ReportQueueFilter = {
  kind?: string;
  status?: string;
  brand?: number | 'none';
  sourceId?: number;
  from?: number;
  to?: number;
  search?: string;
  cursor?: { t: number; id: number };
  limit: number;
};

/** All SQL of triage (queues, the URL page, verdicts and corrections). */
export function createTriageRepository(db: Db) {
  const k = db.kysely;

  function selectReports(ex: Ex) {
    return ex
      .selectFrom('reports as r')
      .innerJoin('sources as s', 's.id', 'r.source_id')
      .leftJoin('report_texts as t', 't.report_id', 'r.id')
      .select([
        'r.id',
        'r.external_id',
        'r.kind',
        'r.status',
        'r.received_at',
        'r.reported_at',
        'r.brand_label',
        'r.brand_id',
        'r.tlp',
        's.id as source_id',
        's.name as source_name',
        's.kind as source_kind',
        't.subject',
        't.sender',
        't.body',
      ]);
  }

  return {
    async listUrls(f: UrlQueueFilter): Promise<UrlSummaryRow[]> {
      if (f.scope !== null && f.scope.length === 0) return [];
      let q = selectUrlSummaries(k);
      if (f.scope !== null) q = q.where('u.brand_id', 'in', [...f.scope]);
      if (f.statuses?.length) q = q.where('u.status', 'in', f.statuses);
      if (f.brand === 'none') q = q.where('u.brand_id', 'is', null);
      else if (f.brand !== undefined) q = q.where('u.brand_id', '=', f.brand);
      if (f.tld) q = q.where('u.tld', '=', f.tld.toLowerCase());
      if (f.feature) q = q.where(sql<boolean>`(',' || u.features || ',') like ${`%,${f.feature},%`}`);
      if (f.from !== undefined) q = q.where('u.first_seen', '>=', f.from);
      if (f.to !== undefined) q = q.where('u.first_seen', '<', f.to);
      const sourceId = f.sourceId;
      if (sourceId !== undefined)
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('report_urls as ru')
              .innerJoin('reports as r', 'r.id', 'ru.report_id')
              .select(sql`1`.as('one'))
              .whereRef('ru.url_id', '=', 'u.id')
              .where('r.source_id', '=', sourceId),
          ),
        );
      const search = f.search?.trim();
      const tlps = f.searchTlps ?? null;
      if (search)
        q = q.where((eb) =>
          eb.or([
            containsText('u.canonical', search),
            containsText('h.name', search),
            eb.exists(
              eb
                .selectFrom('report_urls as ru')
                .innerJoin('report_texts as t', 't.report_id', 'ru.report_id')
                .innerJoin('reports as sr', 'sr.id', 'ru.report_id')
                .select(sql`1`.as('one'))
                .whereRef('ru.url_id', '=', 'u.id')
                .where((e) => (tlps === null ? e.lit(true) : reportVisible('sr', tlps)))
                .where((e) =>
                  e.or([
                    containsText('t.subject', search),
                    containsText('t.sender', search),
                    containsText('t.body', search),
                  ]),
                ),
            ),
          ]),
        );
      const c = f.cursor;
      if (c)
        q = q.where((eb) =>
          eb.or([
            eb('u.first_seen', '<', c.t),
            eb.and([eb('u.first_seen', '=', c.t), eb('u.id', '<', c.id)]),
          ]),
        );
      return q.orderBy('u.first_seen', 'desc').orderBy('u.id', 'desc').limit(f.limit).execute();
    },

    async listReports(f: ReportQueueFilter) {
      let q = selectReports(k).select((eb) =>
        eb
          .selectFrom('report_urls as x')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('x.report_id', '=', 'r.id')
          .as('url_count'),
      );
      if (f.kind) q = q.where('r.kind', '=', f.kind);
      if (f.status) q = q.where('r.status', '=', f.status);
      if (f.brand === 'none') q = q.where('r.brand_id', 'is', null);
      else if (f.brand !== undefined) q = q.where('r.brand_id', '=', f.brand);
      if (f.sourceId !== undefined) q = q.where('r.source_id', '=', f.sourceId);
      if (f.from !== undefined) q = q.where('r.received_at', '>=', f.from);
      if (f.to !== undefined) q = q.where('r.received_at', '<', f.to);
      const search = f.search?.trim();
      if (search)
        q = q.where((eb) =>
          eb.or([
            containsText('t.subject', search),
            containsText('t.sender', search),
            containsText('t.body', search),
            containsText('r.brand_label', search),
          ]),
        );
      const c = f.cursor;
      if (c)
        q = q.where((eb) =>
          eb.or([
            eb('r.received_at', '<', c.t),
            eb.and([eb('r.received_at', '=', c.t), eb('r.id', '<', c.id)]),
          ]),
        );
      const rows = await q.orderBy('r.received_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute();
      return rows.map((r) => ({ ...r, url_count: Number(r.url_count ?? 0) }));
    },

    async urlSummary(id: number, ex: Ex = k): Promise<UrlSummaryRow | undefined> {
      return selectUrlSummaries(ex).where('u.id', '=', id).executeTakeFirst();
    },

    async urlFacts(id: number, ex: Ex = k) {
      return ex
        .selectFrom('urls as u')
        .innerJoin('hosts as h', 'h.id', 'u.host_id')
        .leftJoin('domains as d', 'd.id', 'u.domain_id')
        .select([
          'u.id',
          'u.status',
          'u.scheme',
          'u.path',
          'u.threat',
          'u.brand_id',
          'u.brand_evidence',
          'u.brand_confidence',
          'u.features',
          'h.name as host',
          'd.name as domain',
        ])
        .where('u.id', '=', id)
        .executeTakeFirst();
    },

    async statusesOf(ex: Ex, ids: number[]) {
      return ex.selectFrom('urls').select(['id', 'status', 'brand_id']).where('id', 'in', ids).execute();
    },

    /** Sets the status only if it is still `from` (a concurrent verdict makes this return false). */
    async setStatus(ex: Ex, id: number, from: string, to: string): Promise<boolean> {
      const r = await ex
        .updateTable('urls')
        .set({ status: to })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async addVerdict(
      ex: Ex,
      v: { urlId: number; from: string; to: string; reason: string; actorId: number | null; at: number },
    ) {
      await ex
        .insertInto('url_verdicts')
        .values({
          url_id: v.urlId,
          from_status: v.from,
          to_status: v.to,
          reason: v.reason,
          actor_id: v.actorId,
          at: v.at,
        })
        .execute();
    },

    async verdicts(urlId: number) {
      return k.selectFrom('url_verdicts').selectAll().where('url_id', '=', urlId).orderBy('id').execute();
    },

    async corrections(urlId: number) {
      return k
        .selectFrom('brand_corrections as c')
        .leftJoin('brands as f', 'f.id', 'c.from_brand_id')
        .innerJoin('brands as t', 't.id', 'c.to_brand_id')
        .select(['c.id', 'c.reason', 'c.actor_id', 'c.at', 'f.slug as from_slug', 't.slug as to_slug'])
        .where('c.url_id', '=', urlId)
        .orderBy('c.id')
        .execute();
    },

    /** Reports naming the URL, newest first; `tlps` null = every report, else what a brand user may read (visibility.ts). */
    async reportsOf(urlId: number, tlps: readonly string[] | null, limit: number) {
      let q = selectReports(k)
        .innerJoin('report_urls as ru', 'ru.report_id', 'r.id')
        .where('ru.url_id', '=', urlId);
      if (tlps !== null) q = q.where(reportVisible('r', tlps));
      const [rows, total] = await Promise.all([
        q.orderBy('r.received_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute(),
        q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },

    async sourcesOf(urlId: number, tlps: readonly string[] | null) {
      let q = k
        .selectFrom('report_urls as ru')
        .innerJoin('reports as r', 'r.id', 'ru.report_id')
        .innerJoin('sources as s', 's.id', 'r.source_id')
        .select(['s.id', 's.name', 's.kind', (eb) => eb.fn.countAll<number>().as('reports')])
        .where('ru.url_id', '=', urlId);
      if (tlps !== null) q = q.where(reportVisible('r', tlps));
      const rows = await q.groupBy(['s.id', 's.name', 's.kind']).orderBy('s.name').execute();
      return rows.map((r) => ({ ...r, reports: Number(r.reports) }));
    },

    async labelsOf(urlId: number): Promise<string[]> {
      const rows = await k
        .selectFrom('report_urls as ru')
        .innerJoin('reports as r', 'r.id', 'ru.report_id')
        .select('r.brand_label')
        .distinct()
        .where('ru.url_id', '=', urlId)
        .where('r.brand_label', 'is not', null)
        .limit(20)
        .execute();
      return rows.map((r) => r.brand_label!);
    },

    async setBrand(ex: Ex, urlId: number, brandId: number, evidence: string[]) {
      await ex
        .updateTable('urls')
        .set({ brand_id: brandId, brand_confidence: 1, brand_evidence: JSON.stringify(evidence) })
        .where('id', '=', urlId)
        .execute();
    },

    async addCorrection(
      ex: Ex,
      c: {
        urlId: number;
        fromBrandId: number | null;
        toBrandId: number;
        reason: string;
        actorId: number | null;
        at: number;
      },
    ): Promise<number> {
      const row = await ex
        .insertInto('brand_corrections')
        .values({
          url_id: c.urlId,
          from_brand_id: c.fromBrandId,
          to_brand_id: c.toBrandId,
          reason: c.reason,
          actor_id: c.actorId,
          at: c.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async saveText(
      reportId: number,
      t: { subject: string | null; sender: string | null; body: string | null },
    ) {
      const cut = (s: string | null) => (s ? s.slice(0, 2000) : null);
      const values = { subject: cut(t.subject), sender: cut(t.sender), body: cut(t.body) };
      await k
        .insertInto('report_texts')
        .values({ report_id: reportId, ...values })
        .onConflict((oc) => oc.column('report_id').doUpdateSet(values))
        .execute();
    },

    /** Changes when an analyst's correction adds or re-points a brand hint (other processes reload). */
    async hintsVersion(): Promise<string> {
      const r = await k
        .selectFrom('brand_hints')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('t')])
        .executeTakeFirstOrThrow();
      return `${Number(r.n)}:${r.t ?? 0}`;
    },

    async sources() {
      return k.selectFrom('sources').select(['id', 'name', 'kind']).orderBy('name').execute();
    },
  };
}

export type TriageRepository = ReturnType<typeof createTriageRepository>;
