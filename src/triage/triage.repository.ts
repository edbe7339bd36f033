import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { QueueKey, QueueSort } from './cursor.ts';
import { containsText } from './like.ts';
import { idIn, planSearch, SHORT_SEARCH_WINDOW } from './search.query.ts';
import { selectUrlSummaries, type UrlSummaryRow } from './url-summary.ts';
import { reportVisible } from './visibility.ts';

type Ex = Kysely<Database>;

/** A queue row: the summary and the URL's priority (src/triage/priority.ts). */
export type QueueRow = UrlSummaryRow & { priority: number; priority_reasons: string | null };

/**
 * Rows after `c` in the queue's order. Priority: `priority desc, first_seen desc, id desc`, compared as
 * one row value so both databases walk the index (status, priority, first_seen, id) or (priority,
 * first_seen, id) from the cursor (migration 0021) instead of sorting the matches.
 */
function afterKey(sort: QueueSort, c: QueueKey): RawBuilder<boolean> {
  return sort === 'priority'
    ? sql<boolean>`((u.priority, u.first_seen, u.id) < (${c.p ?? 0}, ${c.t}, ${c.id}))`
    : sql<boolean>`(u.first_seen < ${c.t} or (u.first_seen = ${c.t} and u.id < ${c.id}))`;
}

/** The queue's conditions on URLs, without paging. */
export type UrlFilter = Omit<UrlQueueFilter, 'cursor' | 'limit'>;

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
  /** Default newest first. */
  sort?: QueueSort;
  cursor?: QueueKey;
  limit: number;
  /** What the viewer may be shown (src/sharing/disclosure.ts); null = everything (staff). */
  disclosed: RawBuilder<boolean> | null;
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

/** The substring test of a search, row by row: canonical URL, host, visible linked report texts. */
function matchesText(search: string, tlps: readonly string[] | null): RawBuilder<boolean> {
  const visible = tlps === null ? sql`` : sql`and ${reportVisible('sr', tlps)}`;
  return sql<boolean>`(${containsText('u.canonical', search)} or ${containsText('h.name', search)}
    or exists (select 1 from report_urls ru join report_texts t on t.report_id = ru.report_id
      join reports sr on sr.id = ru.report_id
      where ru.url_id = u.id ${visible} and (${containsText('t.subject', search)}
        or ${containsText('t.sender', search)} or ${containsText('t.body', search)})))`;
}

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

  function filteredUrls(f: UrlFilter, ex: Ex = k) {
    let q = selectUrlSummaries(ex);
    if (f.disclosed) q = q.where(f.disclosed);
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
    return q;
  }

  return {
    /**
     * A page of the queue. `resumeAt`: a short search's page ended at its scan window before the end of
     * the queue (search.query.ts); the next page starts after it.
     */
    async listUrls(f: UrlQueueFilter): Promise<{ rows: QueueRow[]; resumeAt: QueueKey | null }> {
      if (f.scope !== null && f.scope.length === 0) return { rows: [], resumeAt: null };
      const sort = f.sort ?? 'newest';
      let q = filteredUrls({ ...f, search: undefined }).select(['u.priority', 'u.priority_reasons']);
      const search = f.search?.trim();
      const tlps = f.searchTlps ?? null;
      const plan = search ? await planSearch(k, db.dialect, search, tlps) : null;
      if (plan?.kind === 'ids') {
        if (plan.ids.length === 0) return { rows: [], resumeAt: null };
        q = q.where(idIn(db.dialect, plan.ids));
      } else if (search) q = q.where(matchesText(search, tlps));
      const c = f.cursor;
      const after = (key: QueueKey) => afterKey(sort, key);
      if (c) q = q.where(after(c));
      let window: QueueKey | null = null;
      if (plan?.kind === 'window') {
        // The last URL of the window (in the queue's order from the cursor); none: the window reaches the
        // end. By priority the window stays within a single status filter, so an index serves it.
        let w = k.selectFrom('urls as u').select(['u.first_seen as t', 'u.id', 'u.priority as p']);
        if (c) w = w.where(after(c));
        if (sort === 'priority' && f.statuses?.length === 1) w = w.where('u.status', '=', f.statuses[0]!);
        const ordered =
          sort === 'priority'
            ? w.orderBy('u.priority', 'desc').orderBy('u.first_seen', 'desc')
            : w.orderBy('u.first_seen', 'desc');
        const edge = await ordered
          .orderBy('u.id', 'desc')
          .offset(SHORT_SEARCH_WINDOW - 1)
          .limit(1)
          .executeTakeFirst();
        if (edge) {
          window = { t: Number(edge.t), id: Number(edge.id), p: Number(edge.p) };
          q = q.where(sql<boolean>`not ${after(window)}`);
        }
      }
      // The ids plan sorts its few rows; `+ 0` keeps SQLite from walking an index of the order instead.
      const plain = plan?.kind === 'ids' && db.dialect === 'sqlite';
      const firstSeen = plain ? sql`u.first_seen + 0` : sql`u.first_seen`;
      if (sort === 'priority') q = q.orderBy(plain ? sql`u.priority + 0` : sql`u.priority`, 'desc');
      const rows = await q.orderBy(firstSeen, 'desc').orderBy('u.id', 'desc').limit(f.limit).execute();
      return { rows, resumeAt: rows.length < f.limit ? window : null };
    },

    /** How many URLs the queue's filter matches (the count a bulk verdict over the filter is checked by). */
    async countUrls(f: UrlFilter): Promise<number> {
      if (f.scope !== null && f.scope.length === 0) return 0;
      const r = await filteredUrls(f)
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Id and status of every URL the filter matches, at most `max` + 1 (so the caller sees "too many"). */
    async urlIdsMatching(f: UrlFilter, max: number, ex: Ex = k): Promise<{ id: number; status: string }[]> {
      if (f.scope !== null && f.scope.length === 0) return [];
      const rows = await filteredUrls(f, ex)
        .clearSelect()
        .select(['u.id', 'u.status'])
        .orderBy('u.id')
        .limit(max + 1)
        .execute();
      return rows.map((r) => ({ id: Number(r.id), status: r.status }));
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

    /** `disclosed`: the viewer's condition (src/sharing/disclosure.ts); null = any URL (staff). */
    async urlSummary(
      id: number,
      ex: Ex = k,
      disclosed: RawBuilder<boolean> | null = null,
    ): Promise<UrlSummaryRow | undefined> {
      const q = selectUrlSummaries(ex).where('u.id', '=', id);
      return (disclosed ? q.where(disclosed) : q).executeTakeFirst();
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

    /**
     * Other URLs on the same host, registrable domain or campaign as this one, newest first, with how many
     * there are in all; `disclosed` as for urlSummary.
     */
    async relatedUrls(
      url: { id: number; hostId: number; domainId: number | null; campaignId: number | null },
      by: 'host' | 'domain' | 'campaign',
      limit: number,
      disclosed: RawBuilder<boolean> | null = null,
    ): Promise<{ rows: UrlSummaryRow[]; total: number }> {
      let q = selectUrlSummaries(k).where('u.id', '!=', url.id);
      if (by === 'host') q = q.where('u.host_id', '=', url.hostId);
      else if (by === 'domain') {
        if (url.domainId === null) return { rows: [], total: 0 };
        q = q.where('u.domain_id', '=', url.domainId).where('u.host_id', '!=', url.hostId);
      } else {
        if (url.campaignId === null) return { rows: [], total: 0 };
        q = q.where('cu.campaign_id', '=', url.campaignId);
      }
      if (disclosed) q = q.where(disclosed);
      const [rows, total] = await Promise.all([
        q.orderBy('u.first_seen', 'desc').orderBy('u.id', 'desc').limit(limit).execute(),
        q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },

    async urlKeys(id: number) {
      return k
        .selectFrom('urls as u')
        .leftJoin('campaign_urls as cu', 'cu.url_id', 'u.id')
        .select(['u.id', 'u.host_id', 'u.domain_id', 'cu.campaign_id'])
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
      const upsert = (ex: Ex) =>
        ex
          .insertInto('report_texts')
          .values({ report_id: reportId, ...values })
          .onConflict((oc) => oc.column('report_id').doUpdateSet(values))
          .execute();
      if (db.dialect === 'postgres') return void (await upsert(k));
      // SQLite: the search index row (search.index.ts) in the same transaction, replaced on update.
      await k.transaction().execute(async (trx) => {
        await upsert(trx);
        await sql`delete from report_search where rowid = ${reportId}`.execute(trx);
        await sql`insert into report_search (rowid, subject, sender, body)
          values (${reportId}, ${values.subject}, ${values.sender}, ${values.body})`.execute(trx);
      });
    },

    /** Of these URLs, those an analyst gave a brand (re-attribution never overwrites them). */
    /** Subject, sender and the first 500 characters of the text of these reports (emerging brands). */
    async textsOf(
      reportIds: number[],
    ): Promise<Map<number, { subject: string | null; sender: string | null; body: string | null }>> {
      if (reportIds.length === 0) return new Map();
      const rows = await k
        .selectFrom('report_texts')
        .select(['report_id', 'subject', 'sender', 'body'])
        .where('report_id', 'in', reportIds)
        .execute();
      return new Map(
        rows.map((r) => [
          Number(r.report_id),
          { subject: r.subject, sender: r.sender, body: r.body ? r.body.slice(0, 500) : null },
        ]),
      );
    },

    async correctedUrlIds(urlIds: number[]): Promise<Set<number>> {
      if (urlIds.length === 0) return new Set();
      const rows = await k
        .selectFrom('brand_corrections')
        .select('url_id')
        .distinct()
        .where('url_id', 'in', urlIds)
        .execute();
      return new Set(rows.map((r) => Number(r.url_id)));
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
